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

  private Path written(Model model) throws IOException {
    Path path = directory.resolve("model.nabla");
    ModelFile.write(path, model);
    return path;
  }

  /** Each byte of the tensor data, changed alone, is caught: none changes the model silently. */
  @Test
  void everySingleByteChangeInTheTensorDataIsCaught() throws IOException {
    byte[] bytes = Files.readAllBytes(written(FrozenModels.version2Example()));
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    for (int at = (int) (8 + headerLength); at < bytes.length; at++) {
      byte[] changed = bytes.clone();
      changed[at]++;
      Path path = damaged(changed);
      ModelFileException refused =
          assertThrows(ModelFileException.class, () -> ModelFile.read(path), "byte " + at);
      assertEquals(
          path + " is corrupted: its tensor data do not match the digest in its header",
          refused.getMessage());
    }
  }

  @Test
  void aChangeInTheModelDocumentIsCaught() throws IOException {
    Path path = written(FrozenModels.version2Example());
    byte[] bytes = Files.readAllBytes(path);
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
    // A scaler offset of 1 read as 7: a valid model, but not the one that was saved.
    Path changed =
        damaged(replaceInHeader(bytes, header, "\\\"offset\\\":[1.0", "\\\"offset\\\":[7.0"));
    assertEquals(
        changed + " is corrupted: its model document does not match the digest in its header",
        assertThrows(ModelFileException.class, () -> ModelFile.read(changed)).getMessage());
  }

  @Test
  void theDigestsAreTextInTheSafetensorsMetadataAndCoverTheDataAndTheDocument() throws IOException {
    Path frozen = Path.of("src/test/resources/models/version-2.nabla");
    ModelFileParts parts = ModelFileParts.of(frozen);
    var metadata = parts.metadata();
    for (var field : metadata.properties()) {
      assertTrue(field.getValue().isTextual(), "safetensors metadata is text: " + field);
    }
    assertEquals(ModelFileParts.sha256(parts.data), metadata.get("data_sha256").asText());
    assertEquals(
        ModelFileParts.sha256(metadata.get("nabla").asText().getBytes(StandardCharsets.UTF_8)),
        metadata.get("nabla_sha256").asText());
  }

  @Test
  void aVersion2FileWithoutItsDigestsIsRefused() throws IOException {
    for (String digest : List.of("data_sha256", "nabla_sha256")) {
      ModelFileParts parts = ModelFileParts.of(written(FrozenModels.version2Example()));
      parts.metadata().remove(digest);
      Path path = parts.write(directory.resolve("undigested.nabla"), false);
      assertEquals(
          path
              + ": its metadata has no "
              + digest
              + ", which every version 2 model file has; it was altered, or not written by Nabla",
          assertThrows(ModelFileException.class, () -> ModelFile.read(path)).getMessage());
    }
  }

  @Test
  void theTensorsAreReadInBoundedPiecesWhatEverTheirSize() throws IOException {
    Model example = FrozenModels.version2Example();
    Path path = written(example);
    for (int bufferBytes : new int[] {8, 24, 1000}) {
      Model loaded = ModelFile.read(path, bufferBytes);
      assertArrayEquals(
          example.outputs(RAW).toDoubleArray(),
          loaded.outputs(RAW).toDoubleArray(),
          "" + bufferBytes);
    }
  }

  /** A file larger than an array can hold is never read whole: its sizes are checked first. */
  @Test
  void aFileOver2GbIsRefusedByItsDeclaredSizesWithoutReadingIt() throws IOException {
    Path path = written(FrozenModels.version2Example());
    long size = Files.size(path);
    try (var file = new java.io.RandomAccessFile(path.toFile(), "rw")) {
      file.setLength(3L << 30); // sparse: the test writes nothing
    }
    String message =
        assertThrows(ModelFileException.class, () -> ModelFile.read(path)).getMessage();
    assertTrue(
        message.startsWith(path + " holds " + ((3L << 30) - size + 344) + " data bytes"), message);
  }

  @Test
  void aHeaderLargerThanSafetensorsAllowsIsRefusedBeforeItIsRead() throws IOException {
    Path path = directory.resolve("huge-header.nabla");
    try (var file = new java.io.RandomAccessFile(path.toFile(), "rw")) {
      file.write(
          ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000).array());
      file.setLength(300_000_000);
    }
    assertEquals(
        path
            + " is not a model file: its header would be 200000000 bytes, more than the 100000000"
            + " a safetensors header may hold",
        assertThrows(ModelFileException.class, () -> ModelFile.read(path)).getMessage());
  }

  @Test
  void aMissingFileOrAFolderIsNamed() throws IOException {
    Path missing = directory.resolve("nosuch.nabla");
    assertEquals(
        missing + ": no such file",
        assertThrows(ModelFileException.class, () -> ModelFile.read(missing)).getMessage());
    Path folder = Files.createDirectory(directory.resolve("folder.nabla"));
    assertEquals(
        folder + " is a folder, not a model file",
        assertThrows(ModelFileException.class, () -> ModelFile.read(folder)).getMessage());
  }

  @Test
  void nonFiniteWeightsAreNeverWritten() throws IOException {
    Model model = FrozenModels.version1Example();
    model.network().parameter("layers.4.weights").value().set(5, Double.NaN);
    Path path = directory.resolve("model.nabla");
    assertEquals(
        "cannot save "
            + path
            + ": tensor 'layers.4.weights' holds NaN at element 5; a model's"
            + " weights and buffers must be finite",
        assertThrows(IllegalArgumentException.class, () -> ModelFile.write(path, model))
            .getMessage());
    assertTrue(Files.notExists(path));
  }
}
