package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train, evaluate and predict on data that is laid out differently or not quite right. */
class DataCommandsTest {
  @TempDir Path directory;
  private Path data;
  private Path swapped;
  private StringWriter out;
  private StringWriter err;

  /**
   * Points inside (class "in") or outside ("out") an ellipse, so that x and y matter differently;
   * the same points with the feature columns swapped.
   */
  @BeforeEach
  void writeData() throws IOException {
    SplittableRandom random = new SplittableRandom(5);
    StringBuilder csv = new StringBuilder("x,y,where\n");
    StringBuilder other = new StringBuilder("y,where,x\n");
    for (int i = 0; i < 300; i++) {
      double x = random.nextDouble(-1, 1);
      double y = random.nextDouble(-1, 1);
      String where = x * x / 0.5 + y * y / 0.1 < 1 ? "in" : "out";
      csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%s%n", x, y, where));
      other.append(String.format(Locale.ROOT, "%.4f,%s,%.4f%n", y, where, x));
    }
    data = Files.writeString(directory.resolve("ellipse.csv"), csv);
    swapped = Files.writeString(directory.resolve("swapped.csv"), other);
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine commandLine = Nabla.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private Path train(String... extra) {
    Path model = directory.resolve("ellipse.nabla");
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--data",
                data.toString(),
                "--target",
                "where",
                "--layers",
                "8:tanh",
                "--epochs",
                "20",
                "--seed",
                "3",
                "-o",
                model.toString()));
    args.addAll(List.of(extra));
    assertEquals(0, run(args.toArray(new String[0])), err.toString());
    return model;
  }

  /** The report without its first line, which names the data file. */
  private String report() {
    return out.toString().substring(out.toString().indexOf('\n') + 1);
  }

  @Test
  void evaluateMatchesColumnsByNameAsPredictDoes() {
    Path model = train();
    assertEquals(
        0, run("evaluate", "-m", model.toString(), "--data", data.toString(), "--target", "where"));
    String straight = report();
    assertEquals(
        0,
        run("evaluate", "-m", model.toString(), "--data", swapped.toString(), "--target", "where"),
        err.toString());
    assertEquals(straight, report());
  }

  @Test
  void evaluateSaysWhenTheTargetIsAFeature() {
    Path model = train();
    assertEquals(1, run("evaluate", "-m", model.toString(), "--data", swapped.toString()));
    assertEquals(
        "nabla: "
            + swapped
            + ": the target column 'x' is one of the features [x, y]; name the target column with"
            + " --target\n",
        err.toString());
  }

  @Test
  void aTestFileIsMatchedByNameToo() {
    train("--test", data.toString());
    String straight = testLine();
    train("--test", swapped.toString());
    assertEquals(straight, testLine());
  }

  /** The test scores train printed. */
  private String testLine() {
    return out.toString()
        .lines()
        .filter(line -> line.startsWith("test:"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void idxImagesWithoutLabelsSaySo() throws IOException {
    Path images = directory.resolve("train-images-idx3-ubyte");
    Files.write(images, new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 7});
    assertEquals(
        1, run("train", "--data", images.toString(), "-o", directory.resolve("m").toString()));
    assertEquals(
        "nabla: "
            + images
            + " is an IDX file, not CSV; give the labels of its images with --labels FILE\n",
        err.toString());
  }

  @Test
  void evaluateNeedsAsManyTargetsAsTheModelPredicts() throws IOException {
    StringBuilder csv = new StringBuilder("x,y1,y2\n");
    for (int i = 0; i < 50; i++) {
      csv.append(i).append(',').append(2 * i).append(',').append(-i).append('\n');
    }
    Path numbers = Files.writeString(directory.resolve("numbers.csv"), csv);
    Path model = directory.resolve("numbers.nabla");
    assertEquals(
        0,
        run(
            "train",
            "--data",
            numbers.toString(),
            "--target",
            "y1,y2",
            "--regression",
            "--epochs",
            "2",
            "--quiet",
            "-o",
            model.toString()),
        err.toString());
    assertEquals(
        1, run("evaluate", "-m", model.toString(), "--data", numbers.toString(), "--target", "y1"));
    assertEquals(
        "nabla: "
            + numbers
            + ": --target names 1 column(s), but the model predicts 2 values; name one target"
            + " column for each\n",
        err.toString());
  }

  /** An IDX file of unsigned bytes. */
  private Path idx(String name, int[] dimensions, int[] values) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    out.writeShort(0);
    out.writeByte(0x08);
    out.writeByte(dimensions.length);
    for (int dimension : dimensions) {
      out.writeInt(dimension);
    }
    for (int value : values) {
      out.writeByte(value);
    }
    return Files.write(directory.resolve(name), bytes.toByteArray());
  }

  /** IDX test labels lacking a class made fewer target columns than the network's outputs. */
  @Test
  void idxTestDataKeepTheTrainingClasses() throws IOException {
    int[] pixels = new int[60 * 2];
    int[] classes = new int[60];
    for (int i = 0; i < 60; i++) {
      classes[i] = i % 3;
      pixels[2 * i] = 80 * classes[i];
      pixels[2 * i + 1] = 255 - 80 * classes[i];
    }
    Path images = idx("images", new int[] {60, 2}, pixels);
    Path labels = idx("labels", new int[] {60}, classes);
    Path testImages = idx("test-images", new int[] {2, 2}, new int[] {0, 255, 80, 175});
    Path testLabels = idx("test-labels", new int[] {2}, new int[] {0, 1});
    assertEquals(
        0,
        run(
            "train",
            "--data",
            images.toString(),
            "--labels",
            labels.toString(),
            "--test",
            testImages.toString(),
            "--test-labels",
            testLabels.toString(),
            "--epochs",
            "2",
            "-o",
            directory.resolve("idx.nabla").toString()),
        err.toString());
    assertTrue(out.toString().contains("test:"), out.toString());
  }
}
