package dev.nabla.io.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelFileTest {
  @TempDir Path directory;

  private static final Tensor RAW =
      Tensor.matrix(DType.FLOAT64, new double[][] {{0.5, 2, 3}, {1, -1, 0}, {4, 4, 4}});

  @ParameterizedTest
  @EnumSource(DType.class)
  void aSavedModelLoadsAndPredictsExactlyTheSame(DType dtype) throws IOException {
    Model original = FrozenModels.version1Example();
    Model model =
        new Model(
            original.network().to(dtype),
            original.loss(),
            original.scaler(),
            original.featureNames(),
            original.labelNames(),
            original.provenance());
    model.network().buffers().get("layers.2.runningMean").fill(0.25);
    Path path = directory.resolve("model.nabla");

    ModelFile.write(path, model);
    Model loaded = ModelFile.read(path);

    assertArrayEquals(model.outputs(RAW).toDoubleArray(), loaded.outputs(RAW).toDoubleArray());
    assertEquals(dtype, loaded.network().dtype());
    assertEquals(model.network().toString(), loaded.network().toString());
    assertEquals(List.of("no", "yes"), loaded.labelNames());
    assertEquals("42", loaded.provenance().get("seed"));
    assertEquals(0.25, loaded.network().buffers().get("layers.2.runningMean").get(0));
  }

  @Test
  void theFrozenVersion1FileStillLoads() throws IOException {
    Path frozen = Path.of("src/test/resources/models/version-1.nabla");
    Model loaded = ModelFile.read(frozen);
    Model expected = FrozenModels.version1Example();
    assertArrayEquals(expected.outputs(RAW).toDoubleArray(), loaded.outputs(RAW).toDoubleArray());
    assertEquals("frozen example of format version 1", loaded.provenance().get("note"));
  }

  @Test
  void theFrozenVersion2FileLoadsWithItsRecipe() throws IOException {
    Path frozen = Path.of("src/test/resources/models/version-2.nabla");
    Model loaded = ModelFile.read(frozen);
    Model expected = FrozenModels.version2Example();
    assertArrayEquals(expected.outputs(RAW).toDoubleArray(), loaded.outputs(RAW).toDoubleArray());
    assertEquals(expected.recipe(), loaded.recipe());
    assertEquals("frozen example of format version 2", loaded.provenance().get("note"));
  }

  @Test
  void aModelsRecipeRebuildsItsInitialNetwork() throws IOException {
    Model example = FrozenModels.version2Example();
    Path path = directory.resolve("model.nabla");
    ModelFile.write(path, example);
    Network rebuilt = ModelFile.read(path).recipe().network(3);
    for (String name : example.network().parameters().keySet()) {
      assertArrayEquals(
          example.network().parameter(name).value().toDoubleArray(),
          rebuilt.parameter(name).value().toDoubleArray(),
          name);
    }
  }

  @Test
  void theFileIsSafetensorsWithTheTensorsAfterAnAlignedHeader() throws IOException {
    byte[] bytes = Files.readAllBytes(Path.of("src/test/resources/models/version-1.nabla"));
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
    assertEquals(0, headerLength % 8);
    assertTrue(
        header.contains(
            "\"layers.0.weights\":{\"dtype\":\"F64\",\"shape\":[4,3],\"data_offsets\":[0,96]}"),
        header);
  }

  private Path damaged(byte[] bytes) throws IOException {
    Path path = directory.resolve("damaged.nabla");
    Files.write(path, bytes);
    return path;
  }

  @Test
  void damagedFilesAreRefusedWithTheReason() throws IOException {
    Path good = directory.resolve("good.nabla");
    ModelFile.write(good, FrozenModels.version2Example());
    byte[] bytes = Files.readAllBytes(good);
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);

    Path truncated = damaged(Arrays.copyOf(bytes, bytes.length - 10));
    assertEquals(
        truncated
            + " is truncated: tensor 'layers.2.runningVariance' needs data bytes up to "
            // The dropout's 8-byte draw counter is the last tensor; the variance ends before it.
            + (bytes.length - 8 - headerLength - 8)
            + ", but the file holds "
            + (bytes.length - 10 - 8 - headerLength),
        assertThrows(ModelFileException.class, () -> ModelFile.read(truncated)).getMessage());
    Path padded = damaged(Arrays.copyOf(bytes, bytes.length + 3));
    assertEquals(
        padded
            + " holds "
            + (bytes.length + 3 - 8 - headerLength)
            + " data bytes but its tensors account for "
            + (bytes.length - 8 - headerLength)
            + "; it is truncated or padded",
        assertThrows(ModelFileException.class, () -> ModelFile.read(padded)).getMessage());

    Path version9 =
        damaged(replaceInHeader(bytes, header, "\"version\":\"2\"", "\"version\":\"9\""));
    assertEquals(
        version9 + " is model format version 9; this Nabla reads versions 1 to 2",
        assertThrows(ModelFileException.class, () -> ModelFile.read(version9)).getMessage());

    Path reshaped = damaged(replaceInHeader(bytes, header, "\"shape\":[4,3]", "\"shape\":[3,4]"));
    assertEquals(
        reshaped + ": tensor 'layers.0.weights' has shape [3,4]; the architecture needs [4 × 3]",
        assertThrows(ModelFileException.class, () -> ModelFile.read(reshaped)).getMessage());

    byte[] noise = new byte[4096];
    new SplittableRandom(1).nextBytes(noise);
    Path random = damaged(noise);
    String message =
        assertThrows(ModelFileException.class, () -> ModelFile.read(random)).getMessage();
    assertTrue(message.startsWith(random + " is not a model file"), message);

    Path tiny = damaged(new byte[] {1, 2, 3});
    assertEquals(
        tiny + " is not a model file: it is only 3 bytes long",
        assertThrows(ModelFileException.class, () -> ModelFile.read(tiny)).getMessage());
  }

  /** The same bytes with one header substitution of equal length. */
  private static byte[] replaceInHeader(byte[] bytes, String header, String from, String to) {
    assertEquals(from.length(), to.length());
    assertTrue(header.contains(from), from);
    byte[] changed = bytes.clone();
    byte[] replaced = header.replace(from, to).getBytes(StandardCharsets.UTF_8);
    System.arraycopy(replaced, 0, changed, 8, replaced.length);
    return changed;
  }

  @Test
  void aFailedWriteLeavesThePreviousFileIntactAndNoPartialFile() throws IOException {
    Path path = directory.resolve("model.nabla");
    ModelFile.write(path, FrozenModels.version1Example());
    byte[] before = Files.readAllBytes(path);

    IOException failure =
        assertThrows(
            IOException.class,
            () ->
                ModelFile.write(
                    path,
                    FrozenModels.version1Example(),
                    out ->
                        new FilterOutputStream(out) {
                          private int written;

                          @Override
                          public void write(int b) throws IOException {
                            if (++written > 100) {
                              throw new IOException("disk full (simulated)");
                            }
                            super.write(b);
                          }

                          @Override
                          public void write(byte[] b, int off, int len) throws IOException {
                            for (int i = 0; i < len; i++) {
                              write(b[off + i]);
                            }
                          }
                        }));

    assertEquals(
        path.toAbsolutePath()
            + ": cannot write it: disk full (simulated); the file that was there is untouched",
        failure.getMessage());
    assertArrayEquals(before, Files.readAllBytes(path));
    try (var files = Files.list(directory)) {
      assertEquals(List.of(path), files.toList(), "no partial file left behind");
    }
  }
}
