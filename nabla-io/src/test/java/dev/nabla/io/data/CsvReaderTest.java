package dev.nabla.io.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
  @TempDir Path directory;

  private Path file(String name, String text) throws IOException {
    Path path = directory.resolve(name);
    Files.writeString(path, text);
    return path;
  }

  @Test
  void readsQuotedFieldsStringLabelsAndKeepsTheLabelNames() throws IOException {
    Path path =
        file(
            "flowers.csv",
            "length,\"width, in cm\",species\n1.5,0.2,setosa\n\n4.7,\"1.4\",versicolor\n1.3,0.3,setosa\n");

    Dataset data = CsvReader.read(path, CsvOptions.classification("species"));

    assertEquals(List.of("length", "width, in cm"), data.featureNames());
    assertEquals(List.of("setosa", "versicolor"), data.labelNames());
    assertArrayEquals(new double[] {1.5, 0.2, 4.7, 1.4, 1.3, 0.3}, data.features().toDoubleArray());
    assertArrayEquals(new double[] {1, 0, 0, 1, 1, 0}, data.targets().toDoubleArray());
  }

  @Test
  void numericLabelsSortAsNumbersAndTargetsCanBeAnIndexWithoutHeader() throws IOException {
    Path path = file("digits.csv", "0.5;10\n0.1;2\n0.9;2\n");

    Dataset data = CsvReader.read(path, new CsvOptions(';', false, List.of("1"), true));

    assertEquals(List.of("2", "10"), data.labelNames());
    assertEquals(List.of("column 1"), data.featureNames());
  }

  @Test
  void regressionTakesSeveralNumericTargets() throws IOException {
    Path path = file("r.csv", "x,y1,y2\n1,2,3\n4,5,6\n");
    Dataset data = CsvReader.read(path, CsvOptions.regression("y1", "y2"));
    assertArrayEquals(new double[] {2, 3, 5, 6}, data.targets().toDoubleArray());
    assertEquals(List.of(), data.labelNames());
  }

  @Test
  void aWordWhereANumberBelongsNamesLineAndColumn() throws IOException {
    Path path = file("bad.csv", "a,b,label\n1,2,x\n\n3,abc,y\n");
    DataException error =
        assertThrows(
            DataException.class, () -> CsvReader.read(path, CsvOptions.classification("label")));
    assertEquals(path + ", line 4, column 2 (b): \"abc\" is not a number", error.getMessage());
  }

  @Test
  void aRaggedRowNamesItsLine() throws IOException {
    Path path = file("ragged.csv", "a,b,label\n1,2,x\n3,y\n");
    DataException error =
        assertThrows(
            DataException.class, () -> CsvReader.read(path, CsvOptions.classification("label")));
    assertEquals(path + ", line 3: 2 fields, but the header has 3", error.getMessage());
  }

  @Test
  void anEmptyFileAndAHeaderAloneAreNamed() throws IOException {
    Path empty = file("empty.csv", "");
    assertEquals(
        empty + " is empty: no header and no rows",
        assertThrows(
                DataException.class, () -> CsvReader.read(empty, CsvOptions.classification("y")))
            .getMessage());
    Path headerOnly = file("header.csv", "a,y\n");
    assertEquals(
        headerOnly + " has a header but no rows",
        assertThrows(
                DataException.class,
                () -> CsvReader.read(headerOnly, CsvOptions.classification("y")))
            .getMessage());
  }

  @Test
  void aMissingTargetColumnListsTheColumns() throws IOException {
    Path path = file("iris.csv", "length,species\n1,a\n");
    DataException error =
        assertThrows(
            DataException.class, () -> CsvReader.read(path, CsvOptions.classification("specis")));
    assertEquals(
        path + ": no column named 'specis'; the columns are [length, species]", error.getMessage());
  }

  @Test
  void aLabelNeverSeenInTrainingIsNamedWithTheKnownOnes() throws IOException {
    Path path = file("test.csv", "x,y\n1,cat\n2,emu\n");
    DataException error =
        assertThrows(
            DataException.class,
            () -> CsvReader.read(path, CsvOptions.classification("y"), List.of("cat", "dog")));
    assertEquals(
        path
            + ", line 3, column 2 (y): label \"emu\" was never seen in the training data, whose"
            + " labels are [cat, dog]",
        error.getMessage());
  }

  @Test
  void aRecordSpanningLinesIsNamedByTheLineItStartsOn() throws IOException {
    Path later = file("later.csv", "a,b,label\n1,2,\"x\ny\"\n\n3,\"4\",\"z\r\nw\"\n5,q,x\n");
    assertEquals(
        later + ", line 7, column 2 (b): \"q\" is not a number",
        assertThrows(
                DataException.class,
                () -> CsvReader.read(later, CsvOptions.classification("label")))
            .getMessage());
    Path within = file("within.csv", "a,b,label\n1,2,\"x\ny\"\n\n3,q,\"z\r\nw\"\n");
    assertEquals(
        within + ", line 5, column 2 (b): \"q\" is not a number",
        assertThrows(
                DataException.class,
                () -> CsvReader.read(within, CsvOptions.classification("label")))
            .getMessage());
  }

  /**
   * A file larger than the heap is read as a stream: its 10,000 rows are small once parsed, though
   * each holds 5,000 spaces. Reading the whole text into one String needs 50 MB and more for its
   * fields; the child JVM has 32 MB.
   */
  @Test
  void aFileLargerThanTheHeapIsStreamed() throws Exception {
    Path path = directory.resolve("wide.csv");
    String padding = " ".repeat(5_000);
    try (java.io.Writer out = Files.newBufferedWriter(path)) {
      out.write("x,label\n");
      for (int row = 0; row < 10_000; row++) {
        out.write(padding + row + padding + "," + (row % 2 == 0 ? "even" : "odd") + "\n");
      }
    }
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m",
                "-cp",
                System.getProperty("java.class.path"),
                ReadInSmallHeap.class.getName(),
                path.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes());
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    assertEquals("10000 rows, last x 9999.0\n", output);
  }

  /** The child of {@link #aFileLargerThanTheHeapIsStreamed}. */
  static final class ReadInSmallHeap {
    public static void main(String[] args) {
      Dataset data = CsvReader.read(Path.of(args[0]), CsvOptions.classification("label"));
      System.out.print(
          data.size() + " rows, last x " + data.features().get(data.size() - 1) + "\n");
    }
  }

  /** Forms Double.parseDouble takes but a CSV file never means as numbers. */
  @Test
  void onlyPlainDecimalNumbersAreNumbers() throws IOException {
    List<String> fields =
        List.of(
            "1f", "2d", "0x1p3", "0.4\0", "\u00011", "Infinity", "-NaN", "1e", ".", "+-1", "1 2");
    for (String field : fields) {
      Path path = file("odd.csv", "a,label\n1,x\n\"" + field + "\",y\n");
      DataException error =
          assertThrows(
              DataException.class,
              () -> CsvReader.read(path, CsvOptions.classification("label")),
              field);
      assertTrue(
          error.getMessage().startsWith(path + ", line 3, column 1 (a): \""), error.getMessage());
    }
    Path plain =
        file("plain.csv", "a,label\n 1.5 ,x\n-2,x\n+3,y\n.5,y\n5.,x\n1e3,x\n-1.5E-2\t,y\n");
    assertArrayEquals(
        new double[] {1.5, -2, 3, 0.5, 5, 1000, -0.015},
        CsvReader.read(plain, CsvOptions.classification("label")).features().toDoubleArray());
    Path huge = file("huge.csv", "a,label\n1e400,x\n");
    assertEquals(
        huge + ", line 2, column 1 (a): \"1e400\" is too large for a double",
        assertThrows(
                DataException.class, () -> CsvReader.read(huge, CsvOptions.classification("label")))
            .getMessage());
  }

  @Test
  void anOffendingFieldIsEchoedInShortWithControlCharactersShown() throws IOException {
    Path huge = file("huge.csv", "a,label\n" + "9".repeat(100_000) + "x,y\n");
    String message =
        assertThrows(
                DataException.class, () -> CsvReader.read(huge, CsvOptions.classification("label")))
            .getMessage();
    assertEquals(
        huge + ", line 2, column 1 (a): \"" + "9".repeat(40) + "…\" is not a number", message);
    Path nul = file("nul.csv", "a,label\n0.4\0,y\n");
    assertEquals(
        nul + ", line 2, column 1 (a): \"0.4\\u0000\" is not a number",
        assertThrows(
                DataException.class, () -> CsvReader.read(nul, CsvOptions.classification("label")))
            .getMessage());
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheFirstField() throws IOException {
    Path named = directory.resolve("bom.csv");
    Files.write(named, bytes("\uFEFFx,label\n1,a\n2,b\n"));
    assertEquals(
        List.of("x"), CsvReader.read(named, CsvOptions.classification("label")).featureNames());
    Path unnamed = directory.resolve("bom-no-header.csv");
    Files.write(unnamed, bytes("\uFEFF1,a\n2,b\n"));
    assertArrayEquals(
        new double[] {1, 2},
        CsvReader.read(unnamed, new CsvOptions(',', false, List.of("last"), true))
            .features()
            .toDoubleArray());
  }

  @Test
  void bytesThatAreNotUtf8AreNamedByLineAndOffset() throws IOException {
    Path path = directory.resolve("latin1.csv");
    byte[] text = bytes("a,label\n1,x\n2,\"caf?\ny\"\n");
    text[18] = (byte) 0xe9; // é in Latin-1, where "?" stood
    Files.write(path, text);
    assertEquals(
        path + ", line 3, byte offset 18: 0xe9 is not UTF-8 text; save the file as UTF-8",
        assertThrows(
                DataException.class, () -> CsvReader.read(path, CsvOptions.classification("label")))
            .getMessage());
    // Past the reader's 64 KiB buffer, with two-byte characters straddling its end.
    Path far = directory.resolve("far.csv");
    byte[] farText = bytes("a,label\r\n1,\"" + "é".repeat(50_000) + "\r\n?\"\n");
    farText[farText.length - 3] = (byte) 0xff;
    Files.write(far, farText);
    assertEquals(
        far
            + ", line 3, byte offset "
            + (farText.length - 3)
            + ": 0xff is not UTF-8 text; save the file as UTF-8",
        assertThrows(
                DataException.class, () -> CsvReader.read(far, CsvOptions.classification("label")))
            .getMessage());
  }

  @Test
  void aMissingFileOrADirectoryIsNamed() {
    Path missing = directory.resolve("nosuch.csv");
    assertEquals(
        missing + ": no such file",
        assertThrows(
                DataException.class,
                () -> CsvReader.read(missing, CsvOptions.classification("label")))
            .getMessage());
    assertEquals(
        directory + " is a directory, not a data file",
        assertThrows(
                DataException.class,
                () -> CsvReader.readFeatures(directory, ',', true, List.of("x")))
            .getMessage());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * A name given twice would be read twice by prediction, which matches columns by name; a column
   * without a name is not read as a feature, though a file to predict on may have one.
   */
  @Test
  void everyColumnNeedsAName() throws IOException {
    Path twice = file("twice.csv", "x1,x2,x1,label\n1,2,3,a\n");
    assertEquals(
        twice + ": columns 1 and 3 are both named 'x1'; give every column its own name",
        assertThrows(
                DataException.class,
                () -> CsvReader.read(twice, CsvOptions.classification("label")))
            .getMessage());
    Path unnamed = file("index.csv", ",x,label\n0,2,a\n");
    assertEquals(
        unnamed
            + ": column 1 has no name; name every column (an unnamed first column is often a row"
            + " index, which is no feature)",
        assertThrows(
                DataException.class,
                () -> CsvReader.read(unnamed, CsvOptions.classification("label")))
            .getMessage());
    assertArrayEquals(
        new double[] {2}, CsvReader.readFeatures(unnamed, ',', true, List.of("x")).toDoubleArray());
  }

  /** Prices read as classes made a 298-class classifier with accuracy 0, without a word. */
  @Test
  void numbersThatCannotBeClassesAskForRegression() throws IOException {
    StringBuilder prices = new StringBuilder("x,price\n");
    for (int row = 0; row < 298; row++) {
      prices.append(row).append(',').append(1000 + 7 * row).append('\n');
    }
    Path many = file("prices.csv", prices.toString());
    assertEquals(
        many
            + ", column 2 (price): the target holds 298 distinct numbers; to predict numbers pass"
            + " --regression, or --classes if they are class ids",
        assertThrows(
                DataException.class, () -> CsvReader.read(many, CsvOptions.classification("price")))
            .getMessage());
    Path fractions = file("fractions.csv", "x,y\n1,1\n2,0.5\n3,2\n");
    assertEquals(
        fractions
            + ", column 2 (y): the target holds numbers that are not whole, such as 0.5; to predict"
            + " numbers pass --regression (or --classes if they are class ids)",
        assertThrows(
                DataException.class,
                () -> CsvReader.read(fractions, CsvOptions.classification("y")))
            .getMessage());
    assertEquals(
        298,
        CsvReader.read(many, new CsvOptions(',', true, List.of("price"), true, true))
            .labelNames()
            .size(),
        "with --classes, 298 class ids are 298 classes");
    Path test = file("test.csv", "x,y\n1,0.5\n");
    assertEquals(
        List.of("0.5", "1"),
        CsvReader.read(test, CsvOptions.classification("y"), List.of("0.5", "1")).labelNames(),
        "the classes of a trained model are not questioned");
  }

  @Test
  void aClassifierNeedsTwoClassesEachWrittenOneWay() throws IOException {
    Path one = file("one.csv", "x,y\n1,a\n2, a\n");
    assertEquals(
        one + ", column 2 (y): every label is \"a\"; a classifier needs at least two classes",
        assertThrows(DataException.class, () -> CsvReader.read(one, CsvOptions.classification("y")))
            .getMessage());
    Path twoWays = file("two-ways.csv", "x,y\n1,1\n2,2\n3,1.0\n");
    assertEquals(
        twoWays
            + ", column 2 (y): labels \"1\" and \"1.0\" are the same number written two ways, which"
            + " would make two classes; write each class one way",
        assertThrows(
                DataException.class, () -> CsvReader.read(twoWays, CsvOptions.classification("y")))
            .getMessage());
    Path empty = file("empty-label.csv", "x,y\n1,a\n2,\n3,b\n");
    assertEquals(
        empty + ", line 3, column 2 (y): the label is empty; every row needs one",
        assertThrows(
                DataException.class,
                () -> CsvReader.read(empty, CsvOptions.classification("y"), List.of("a", "b")))
            .getMessage());
  }

  /** Data for a trained model: its features by name, whatever their order in the file. */
  @Test
  void featuresForAModelAreMatchedByName() throws IOException {
    Path swapped = file("swapped.csv", "label,b,a,extra\nx,2,1,9\ny,4,3,9\n");
    Dataset data =
        CsvReader.read(
            swapped, CsvOptions.classification("label"), List.of("x", "y"), List.of("a", "b"));
    assertEquals(List.of("a", "b"), data.featureNames());
    assertArrayEquals(new double[] {1, 2, 3, 4}, data.features().toDoubleArray());

    assertEquals(
        swapped
            + ": the target column 'a' is one of the features [a, b]; name the target column with"
            + " --target",
        assertThrows(
                DataException.class,
                () ->
                    CsvReader.read(
                        swapped,
                        CsvOptions.classification("a"),
                        List.of("1", "3"),
                        List.of("a", "b")))
            .getMessage());
    assertEquals(
        swapped
            + ": no column named 'c'; the features are [a, c], the file has [label, b, a, extra]",
        assertThrows(
                DataException.class,
                () ->
                    CsvReader.read(
                        swapped,
                        CsvOptions.classification("label"),
                        List.of("x", "y"),
                        List.of("a", "c")))
            .getMessage());
  }

  @Test
  void withoutAHeaderTheFeaturesAreTakenInOrderAndMustAllBeThere() throws IOException {
    Path path = file("plain.csv", "1,2,x\n3,4,y\n");
    CsvOptions options = new CsvOptions(',', false, List.of("last"), true);
    assertArrayEquals(
        new double[] {1, 2, 3, 4},
        CsvReader.read(path, options, List.of("x", "y"), List.of("a", "b"))
            .features()
            .toDoubleArray());
    assertEquals(
        path
            + ": rows have 2 columns besides the target; without a header they are taken in order"
            + " as the 3 features [a, b, c]",
        assertThrows(
                DataException.class,
                () -> CsvReader.read(path, options, List.of("x", "y"), List.of("a", "b", "c")))
            .getMessage());
  }

  @Test
  void targetsMustBeDistinctAndLeaveFeatures() throws IOException {
    Path path = file("r.csv", "x,y\n1,2\n3,4\n");
    assertEquals(
        path + ": --target names column 2 (y) twice",
        assertThrows(
                DataException.class, () -> CsvReader.read(path, CsvOptions.regression("y", "1")))
            .getMessage());
    assertEquals(
        path + ": every column is a target; there are no features to learn from",
        assertThrows(
                DataException.class, () -> CsvReader.read(path, CsvOptions.regression("x", "y")))
            .getMessage());
    Path semicolons = file("s.csv", "x;y\n1;2\n3;4\n");
    assertEquals(
        semicolons
            + ": every column is a target; there are no features to learn from (the file reads as"
            + " one column: is --delimiter right?)",
        assertThrows(
                DataException.class,
                () -> CsvReader.read(semicolons, CsvOptions.regression("last")))
            .getMessage());
  }

  @Test
  void wholeNumbersWithGapsAreQuantitiesUnlessSaidToBeClasses() throws IOException {
    StringBuilder prices = new StringBuilder("x,price\n");
    for (int row = 0; row < 74; row++) {
      prices.append(row).append(',').append(100 + 5 * row).append('\n');
    }
    Path gapped = file("prices.csv", prices.toString());
    String message =
        assertThrows(
                DataException.class,
                () -> CsvReader.read(gapped, CsvOptions.classification("price")))
            .getMessage();
    assertTrue(message.contains("74 distinct whole numbers from 100 to 465 with gaps"), message);
    StringBuilder ids = new StringBuilder("x,id\n");
    for (int row = 0; row < 74; row++) {
      ids.append(row).append(',').append(row % 37).append('\n');
    }
    assertEquals(
        37,
        CsvReader.read(file("ids.csv", ids.toString()), CsvOptions.classification("id"))
            .labelNames()
            .size(),
        "class ids 0 to 36 count up without gaps");
  }

  /** A malformed file's header can be one huge name; a model's labels can be thousands. */
  @Test
  void namesInMessagesAreShownInShort() throws IOException {
    Path wide = file("wide.csv", "x".repeat(100_000) + ",label\n1,a\n");
    assertEquals(
        wide + ": no column named 'specis'; the columns are [" + "x".repeat(40) + "…, label]",
        assertThrows(
                DataException.class,
                () -> CsvReader.read(wide, CsvOptions.classification("specis")))
            .getMessage());
    Path test = file("test.csv", "x,y\n1,unseen\n");
    List<String> many = new java.util.ArrayList<>();
    for (int label = 0; label < 1000; label++) {
      many.add("class " + label);
    }
    String message =
        assertThrows(
                DataException.class,
                () -> CsvReader.read(test, CsvOptions.classification("y"), many))
            .getMessage();
    assertTrue(message.endsWith(", class 19, … 1000 in all]"), message);
  }
}
