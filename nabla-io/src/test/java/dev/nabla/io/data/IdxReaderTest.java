package dev.nabla.io.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files that are not what their headers say. */
class IdxReaderTest {
  @TempDir Path directory;

  /** An IDX file's bytes: its header, then {@code data} as they are. */
  private static byte[] idx(int type, int[] dimensions, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeShort(0);
    out.writeByte(type);
    out.writeByte(dimensions.length);
    for (int dimension : dimensions) {
      out.writeInt(dimension);
    }
    out.write(data);
    return bytes.toByteArray();
  }

  private static byte[] floats(float... values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (float value : values) {
      out.writeFloat(value);
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
      out.write(bytes);
    }
    return zipped.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(directory.resolve(name), bytes);
  }

  private static String error(Path path) {
    return assertThrows(DataException.class, () -> IdxReader.read(path, DType.FLOAT32))
        .getMessage();
  }

  /** Bytes this thread allocates while {@code action} runs. */
  private static long allocated(Runnable action) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    action.run();
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  /** Read as a long, 65536⁴ overflowed to 0, and the file was read as 1 × 0. */
  @Test
  void dimensionsWhoseProductOverflowsAreRefused() throws IOException {
    Path path = write("huge", idx(0x08, new int[] {1, 65536, 65536, 65536, 65536}, new byte[0]));
    assertEquals(
        path
            + ": its dimensions [1, 65536, 65536, 65536, 65536] hold more values than a tensor"
            + " can (2147483639)",
        error(path));
  }

  @Test
  void aSizeDeclaredBeyondTheFileIsRefusedBeforeAllocating() throws IOException {
    byte[] claim = idx(0x08, new int[] {1 << 30}, new byte[] {1, 2, 3});
    Path plain = write("claim", claim);
    Path zipped = write("claim.gz", gzip(claim));
    String[] messages = new String[2];
    long plainBytes = allocated(() -> messages[0] = error(plain));
    long zippedBytes = allocated(() -> messages[1] = error(zipped));
    assertEquals(
        plain
            + " is truncated: its header declares [1073741824] unsigned bytes, 1073741824 bytes of"
            + " data, but it holds 3",
        messages[0]);
    assertEquals(
        zipped
            + " is truncated: its header declares [1073741824] unsigned bytes, 1073741824 bytes of"
            + " data, but it holds 3",
        messages[1]);
    assertTrue(plainBytes < 16 << 20, plainBytes + " bytes allocated");
    assertTrue(zippedBytes < 16 << 20, zippedBytes + " bytes allocated");
  }

  @Test
  void bytesBeyondTheDeclaredDataAreRefused() throws IOException {
    byte[] longer = idx(0x08, new int[] {2}, new byte[] {1, 2, 3});
    Path plain = write("longer", longer);
    Path zipped = write("longer.gz", gzip(longer));
    String expected = " holds more than its header declares ([2] unsigned bytes, 2 bytes of data)";
    assertEquals(plain + expected, error(plain));
    assertEquals(zipped + expected, error(zipped));
  }

  /** A flipped byte in the gzip trailer, or in the data it checks, changed predictions. */
  @Test
  void theGzipChecksumIsVerified() throws IOException {
    byte[] zipped = gzip(idx(0x08, new int[] {2, 2}, new byte[] {1, 2, 3, 4}));
    zipped[zipped.length - 8] ^= 1; // the CRC-32 of the data
    Path crc = write("crc.gz", zipped);
    assertEquals(
        crc + " is corrupt: its gzip data fail to decompress (Corrupt GZIP trailer)", error(crc));
  }

  @Test
  void floatsThatAreNotFiniteAreRefused() throws IOException {
    Path path = write("floats", idx(0x0D, new int[] {2, 2}, floats(1, 2, 3, Float.NaN)));
    assertEquals(path + ", item 1 (from 0): value NaN is not a finite number", error(path));
  }

  @Test
  void labelsThatAreNoClassNumbersAreNamed() throws IOException {
    Path images = write("images", idx(0x08, new int[] {3, 1}, new byte[] {1, 2, 3}));
    for (float label : new float[] {Float.POSITIVE_INFINITY, -1, 0.5f, 1e9f}) {
      Path labels = write("labels", idx(0x0D, new int[] {3}, floats(0, 1, label)));
      String message =
          assertThrows(DataException.class, () -> IdxReader.labelled(images, labels, DType.FLOAT32))
              .getMessage();
      assertTrue(message.startsWith(labels + ", item 2 (from 0): "), message);
    }
  }

  @Test
  void labelsWithMostClassNumbersUnusedAreRefused() throws IOException {
    Path images = write("images", idx(0x08, new int[] {2, 1}, new byte[] {1, 2}));
    Path gapped = write("gapped", idx(0x08, new int[] {2}, new byte[] {0, (byte) 250}));
    String message =
        assertThrows(DataException.class, () -> IdxReader.labelled(images, gapped, DType.FLOAT64))
            .getMessage();
    assertTrue(message.contains("the labels use 2 class numbers between 0 and 250"), message);
    Path subset = write("subset", idx(0x08, new int[] {2}, new byte[] {3, 8}));
    assertEquals(
        9,
        IdxReader.labelled(images, subset, DType.FLOAT64).labelNames().size(),
        "MNIST's 3s and 8s keep classes 0 to 8");
  }

  @Test
  void oneClassIsRefused() throws IOException {
    Path images = write("images", idx(0x08, new int[] {2, 1}, new byte[] {1, 2}));
    Path labels = write("labels", idx(0x08, new int[] {2}, new byte[] {3, 3}));
    assertEquals(
        labels + ": every label is 3; a classifier needs at least two classes",
        assertThrows(DataException.class, () -> IdxReader.labelled(images, labels, DType.FLOAT32))
            .getMessage());
  }

  /** Test data with fewer classes than training made fewer target columns than outputs. */
  @Test
  void theClassesOfATrainedModelAreKept() throws IOException {
    Path images = write("images", idx(0x08, new int[] {2, 1}, new byte[] {1, 2}));
    Path labels = write("labels", idx(0x08, new int[] {2}, new byte[] {1, 0}));
    Dataset data = IdxReader.labelled(images, labels, DType.FLOAT32, List.of("0", "1", "2"));
    assertEquals(List.of("0", "1", "2"), data.labelNames());
    assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0}, data.targets().toDoubleArray());
    assertEquals(
        labels
            + ", item 0 (from 0): label 1 was never seen in the training data, whose labels"
            + " are [0]",
        assertThrows(
                DataException.class,
                () -> IdxReader.labelled(images, labels, DType.FLOAT32, List.of("0")))
            .getMessage());
  }

  @Test
  void aMissingFileADirectoryAndEmptyShapesAreNamed() throws IOException {
    assertEquals(
        directory.resolve("nosuch") + ": no such file", error(directory.resolve("nosuch")));
    assertEquals(directory + " is a directory, not a data file", error(directory));
    Path none = write("none", idx(0x08, new int[] {0, 4}, new byte[0]));
    assertEquals(none + ": its dimensions [0, 4] hold no items", error(none));
    Path empty = write("empty", idx(0x08, new int[] {4, 0}, new byte[0]));
    assertEquals(empty + ": its dimensions [4, 0] hold no values per item", error(empty));
  }
}
