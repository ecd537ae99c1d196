package dev.nabla.io.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
