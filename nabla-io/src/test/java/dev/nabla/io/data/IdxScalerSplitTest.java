package dev.nabla.io.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxScalerSplitTest {
  @TempDir Path directory;

  /** An IDX file of unsigned bytes with the given dimensions. */
  static byte[] idx(int[] dimensions, int[] values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeShort(0);
    out.writeByte(0x08);
    out.writeByte(dimensions.length);
    for (int dimension : dimensions) {
      out.writeInt(dimension);
    }
    for (int value : values) {
      out.writeByte(value);
    }
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] bytes, boolean gzip) throws IOException {
    Path path = directory.resolve(name);
    try (OutputStream out =
        gzip ? new GZIPOutputStream(Files.newOutputStream(path)) : Files.newOutputStream(path)) {
      out.write(bytes);
    }
    return path;
  }

  @Test
  void readsImagesAndLabelsGzippedOrNot() throws IOException {
    Path images =
        write(
            "images.gz",
            idx(new int[] {3, 2, 2}, new int[] {0, 255, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}),
            true);
    Path labels = write("labels", idx(new int[] {3}, new int[] {2, 0, 1}), false);

    Dataset data = IdxReader.labelled(images, labels, DType.FLOAT32);

    assertEquals(DType.FLOAT32, data.features().dtype());
    assertArrayEquals(
        new double[] {0, 255, 1, 2}, Arrays.copyOf(data.features().toDoubleArray(), 4));
    assertEquals(List.of("0", "1", "2"), data.labelNames());
    assertArrayEquals(new int[] {2, 0, 1}, data.classes());
  }

  @Test
  void aTruncatedOrForeignFileIsNamed() throws IOException {
    byte[] whole = idx(new int[] {3, 2}, new int[] {1, 2, 3, 4, 5, 6});
    Path truncated = write("truncated", Arrays.copyOf(whole, whole.length - 2), false);
    assertEquals(
        truncated
            + " is truncated: its header declares [3, 2] unsigned bytes, 6 bytes of data, but it"
            + " holds 4",
        assertThrows(DataException.class, () -> IdxReader.read(truncated, DType.FLOAT64))
            .getMessage());
    Path text = write("text", "hello, world".getBytes(), false);
    assertEquals(
        text + " is not an IDX file: its first four bytes are not 0, 0, a type and a rank",
        assertThrows(DataException.class, () -> IdxReader.read(text, DType.FLOAT64)).getMessage());
  }

  @Test
  void scalersAreFittedOnTrainingDataAndSpareConstantFeatures() {
    Tensor training = Tensor.matrix(DType.FLOAT64, new double[][] {{1, 5}, {3, 5}});
    Scaler standard = Scaler.fit("standard", training);
    Scaler minmax = Scaler.fit("minmax", training);
    Tensor unseen = Tensor.matrix(DType.FLOAT64, new double[][] {{5, 7}});

    assertArrayEquals(new double[] {-1, 0, 1, 0}, standard.transform(training).toDoubleArray());
    assertArrayEquals(new double[] {3, 2}, standard.transform(unseen).toDoubleArray());
    assertArrayEquals(new double[] {2, 2}, minmax.transform(unseen).toDoubleArray());
    assertEquals(
        "unknown scaling 'zscore'; expected standard, minmax or none",
        assertThrows(IllegalArgumentException.class, () -> Scaler.fit("zscore", training))
            .getMessage());
  }

  @Test
  void stratifiedSplitsKeepClassProportionsAndAreSeeded() {
    int samples = 100;
    Tensor features = Tensor.zeros(DType.FLOAT64, samples, 1);
    Tensor targets = Tensor.zeros(DType.FLOAT64, samples, 2);
    for (int row = 0; row < samples; row++) {
      features.set(row, row);
      targets.set(row, row < 80 ? 0 : 1, 1);
    }
    Dataset data = new Dataset(features, targets, List.of("x"), List.of("a", "b"), "test");

    Splits.Split split = Splits.split(data, 0.1, 0.2, true, 7);
    Splits.Split again = Splits.split(data, 0.1, 0.2, true, 7);

    assertEquals(70, split.training().size());
    assertEquals(10, split.validation().size());
    assertEquals(20, split.test().size());
    assertEquals(4, Arrays.stream(split.test().classes()).filter(c -> c == 1).count(), "20% of 20");
    assertArrayEquals(
        split.test().features().toDoubleArray(), again.test().features().toDoubleArray());
  }

  @Test
  void aClassOfOneSampleStaysInTraining() {
    // Half held out rounds one sample up to one: the class "rare" would never be trained on.
    Tensor features = Tensor.zeros(DType.FLOAT64, 5, 1);
    Tensor targets = Tensor.zeros(DType.FLOAT64, 5, 2);
    for (int row = 0; row < 5; row++) {
      features.set(row, row);
      targets.set(row, row == 0 ? 1 : 0, 1);
    }
    Dataset data = new Dataset(features, targets, List.of("x"), List.of("common", "rare"), "t");
    Splits.Split split = Splits.split(data, 0.5, 0, true, 3);
    assertEquals(1, Arrays.stream(split.training().classes()).filter(c -> c == 1).count());
    assertEquals(0, Arrays.stream(split.validation().classes()).filter(c -> c == 1).count());
  }

  @Test
  void splittingInPlaceGivesTheSameTrainingRowsWithoutACopy() {
    int samples = 50;
    Tensor features = Tensor.zeros(DType.FLOAT32, samples, 2);
    Tensor targets = Tensor.zeros(DType.FLOAT64, samples, 2);
    for (int row = 0; row < samples; row++) {
      features.set(row, 0, row);
      features.set(row, 1, -row);
      targets.set(row, row % 2, 1);
    }
    Dataset data = new Dataset(features, targets, List.of("x", "y"), List.of("a", "b"), "test");
    Splits.Split copied = Splits.split(data, 0, 0, true, 3);

    Splits.Split inPlace = Splits.splitInPlace(data, 0, 0, true, 3);

    assertSame(features, inPlace.training().features(), "no copy when nothing is held out");
    assertArrayEquals(
        copied.training().features().toDoubleArray(),
        inPlace.training().features().toDoubleArray());
    assertArrayEquals(
        copied.training().targets().toDoubleArray(), inPlace.training().targets().toDoubleArray());
    assertEquals(0, inPlace.validation().size());
    assertEquals(0, inPlace.test().size());
  }

  @Test
  void scalingInPlaceEqualsTheScaledCopy() {
    Tensor features = Tensor.matrix(DType.FLOAT32, new double[][] {{0, 5}, {255, 5}, {17, 9}});
    Scaler scaler = Scaler.fit("standard", features);
    double[] expected = scaler.transform(features).toDoubleArray();

    Tensor scaled = scaler.transformInPlace(features);

    assertSame(features, scaled);
    assertArrayEquals(expected, features.toDoubleArray());
  }
}
