package dev.nabla.io.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Float32Tensor;
import dev.nabla.tensor.Float64Tensor;
import dev.nabla.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, gzipped or not (detected by content).
 *
 * <p>An IDX file is: two zero bytes; a type byte (0x08 unsigned byte, 0x09 signed byte, 0x0B short,
 * 0x0C int, 0x0D float, 0x0E double); the number of dimensions; each dimension as a big-endian int;
 * the elements, big-endian, row-major. A file is checked against its header before anything of the
 * declared size is allocated, and a gzipped file against its checksum; items in messages count from
 * 0, as the arrays that hold them do.
 */
public final class IdxReader {
  /** The element types: unsigned byte, signed byte, short, int, float, double. */
  private static final List<Integer> TYPES = List.of(0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E);

  private static final List<String> TYPE_NAMES =
      List.of("unsigned bytes", "signed bytes", "shorts", "ints", "floats", "doubles");
  private static final int[] TYPE_SIZES = {1, 1, 2, 4, 4, 8};

  /**
   * Data are read in chunks of this many bytes, a multiple of every element's size, so that a
   * header claiming more than the file holds costs no more memory than the file does.
   */
  private static final int CHUNK = 1 << 20;

  /** Label files give class numbers; more classes than this are surely not what was meant. */
  private static final int MOST_CLASSES = 1 << 16;

  /** Up to this many classes, unused class numbers are taken for a subset of the classes. */
  private static final int MOST_UNUSED_CLASSES = 10;

  private IdxReader() {}

  /** What a header declares. */
  private record Header(int type, List<Integer> dimensions, int items, int values) {
    int rank() {
      return dimensions.size();
    }

    long dataBytes() {
      return (long) items * values * TYPE_SIZES[TYPES.indexOf(type)];
    }

    @Override
    public String toString() {
      return dimensions
          + " "
          + TYPE_NAMES.get(TYPES.indexOf(type))
          + ", "
          + dataBytes()
          + " bytes of data";
    }
  }

  /**
   * The file as a matrix: the first dimension is the samples, the rest flattened into features.
   *
   * @throws DataException if the file is missing, not IDX, not as large as its header declares,
   *     corrupt, or holds a value that is not a finite number
   */
  public static Tensor read(Path path, DType dtype) {
    try (BufferedInputStream file = buffered(path);
        InputStream in = isGzip(file) ? gunzip(file) : file) {
      boolean gzipped = in != file;
      Header header = header(path, new DataInputStream(in));
      if (!gzipped) {
        long holds = Files.size(path) - 4 - 4L * header.rank();
        if (holds < header.dataBytes()) {
          throw truncated(path, header, holds);
        }
        if (holds > header.dataBytes()) {
          throw longer(path, header);
        }
      }
      // An uncompressed file's size is checked, so its values go straight into the tensor; gzip
      // data are kept as read, in chunks, until all have arrived.
      Values values = gzipped ? null : new Values(path, header, dtype);
      List<byte[]> chunks = new ArrayList<>();
      read(path, in, header, gzipped ? chunks::add : values::add);
      // For gzip, reading on to the end makes GZIPInputStream check the CRC-32 and size trailer.
      if (in.read() >= 0) {
        throw longer(path, header);
      }
      if (gzipped) {
        values = new Values(path, header, dtype);
        for (int chunk = 0; chunk < chunks.size(); chunk++) {
          values.add(chunks.set(chunk, null));
        }
      }
      return values.tensor;
    } catch (ZipException e) {
      throw new DataException(
          path + " is corrupt: its gzip data fail to decompress (" + e.getMessage() + ")", e);
    } catch (EOFException e) {
      throw new DataException(path + " is truncated: its gzip data end early", e);
    } catch (IOException e) {
      throw new DataException(path + ": cannot read it: " + e.getMessage(), e);
    }
  }

  /** A label file as one-hot rows over classes 0 … classes−1, named "0", "1", …. */
  public static Dataset labelled(Path images, Path labels, DType dtype) {
    return labelled(images, labels, dtype, null);
  }

  /**
   * A label file as one-hot rows over {@code knownLabels} (those of a trained model), or, if null,
   * over classes 0 … classes−1, named "0", "1", ….
   *
   * @throws DataException naming the file and item of a label that is no class
   */
  public static Dataset labelled(Path images, Path labels, DType dtype, List<String> knownLabels) {
    Tensor features = read(images, dtype);
    Tensor classes = read(labels, DType.FLOAT64);
    if (classes.columns() != 1 || classes.rows() != features.rows()) {
      throw new DataException(
          labels
              + " holds "
              + classes.rows()
              + " × "
              + classes.columns()
              + " values, but "
              + images
              + " holds "
              + features.rows()
              + " samples; expected one label per sample");
    }
    List<String> labelNames = knownLabels == null ? classNames(labels, classes) : knownLabels;
    if ((long) classes.rows() * labelNames.size() > GrowingDoubles.MAX) {
      throw new DataException(
          labels
              + ": "
              + classes.rows()
              + " labels of "
              + labelNames.size()
              + " classes are too many");
    }
    Tensor targets = Tensor.zeros(DType.FLOAT64, classes.rows(), labelNames.size());
    for (int row = 0; row < classes.rows(); row++) {
      String label = Integer.toString((int) classes.get(row));
      int index = labelNames.indexOf(label);
      if (index < 0) {
        throw new DataException(
            item(labels, row)
                + "label "
                + label
                + " was never seen in the training data, whose labels are "
                + Echo.list(labelNames));
      }
      targets.set(row, index, 1);
    }
    List<String> names = new ArrayList<>();
    for (int feature = 0; feature < features.columns(); feature++) {
      names.add("pixel " + feature);
    }
    return new Dataset(features, targets, names, labelNames, images.toString());
  }

  /** "0" … the largest class number, once every label is checked to be one. */
  private static List<String> classNames(Path labels, Tensor classes) {
    int count = 0;
    Set<Double> seen = new HashSet<>();
    for (int row = 0; row < classes.rows(); row++) {
      double label = classes.get(row);
      if (!(label >= 0 && label < MOST_CLASSES && label == Math.rint(label))) {
        throw new DataException(
            item(labels, row)
                + "label "
                + label
                + " is not a class number from 0 to "
                + (MOST_CLASSES - 1));
      }
      count = Math.max(count, (int) label + 1);
      seen.add(label);
    }
    if (seen.size() < 2) {
      throw new DataException(
          labels
              + ": every label is "
              + (int) classes.get(0)
              + "; a classifier needs at least two classes");
    }
    // Classes are 0 … the largest label, so labels like {0, 250} make 251 outputs, 249 never
    // trained. A few unused numbers are a subset of a data set (MNIST's 3s and 8s); most are not.
    if (count > MOST_UNUSED_CLASSES && count - seen.size() > seen.size()) {
      throw new DataException(
          labels
              + ": the labels use "
              + seen.size()
              + " class numbers between 0 and "
              + (count - 1)
              + ", so the model would have "
              + count
              + " outputs, "
              + (count - seen.size())
              + " of them for classes never seen; number the classes from 0 without gaps");
    }
    List<String> names = new ArrayList<>();
    for (int label = 0; label < count; label++) {
      names.add(Integer.toString(label));
    }
    return names;
  }

  /**
   * Whether {@code path} starts like an IDX file, gzipped or not: two zero bytes and a type. No
   * text file starts so, so a file read as CSV that does is surely IDX.
   */
  public static boolean looksLikeIdx(Path path) {
    try (BufferedInputStream file = buffered(path);
        InputStream in = isGzip(file) ? gunzip(file) : file) {
      return in.read() == 0 && in.read() == 0 && TYPES.contains(in.read());
    } catch (IOException e) {
      return false;
    }
  }

  private static Header header(Path path, DataInputStream data) throws IOException {
    int zero;
    int type;
    int rank;
    List<Integer> dimensions = new ArrayList<>();
    try {
      zero = data.readUnsignedShort();
      type = data.readUnsignedByte();
      rank = data.readUnsignedByte();
      if (zero != 0 || rank == 0 || !TYPES.contains(type)) {
        throw new DataException(
            path + " is not an IDX file: its first four bytes are not 0, 0, a type and a rank");
      }
      for (int axis = 0; axis < rank; axis++) {
        int dimension = data.readInt();
        if (dimension < 0) {
          throw new DataException(path + ": dimension " + axis + " is negative: " + dimension);
        }
        dimensions.add(dimension);
      }
    } catch (EOFException e) {
      throw new DataException(path + " is truncated: it ends within its header", e);
    }
    // A product that overflowed once read as a smaller, wrong shape; this one stops growing past
    // any size a tensor can hold, where it cannot overflow.
    long values = 1;
    for (int dimension : dimensions.subList(1, rank)) {
      values = Math.min(values * dimension, Long.MAX_VALUE / Integer.MAX_VALUE);
    }
    int items = dimensions.get(0);
    if (items * values > GrowingDoubles.MAX) {
      throw new DataException(
          path
              + ": its dimensions "
              + dimensions
              + " hold more values than a tensor can ("
              + GrowingDoubles.MAX
              + ")");
    }
    if (items == 0) {
      throw new DataException(path + ": its dimensions " + dimensions + " hold no items");
    }
    if (values == 0) {
      throw new DataException(path + ": its dimensions " + dimensions + " hold no values per item");
    }
    return new Header(type, List.copyOf(dimensions), items, (int) values);
  }

  /** The declared data, in chunks read as they arrive: never more memory than the file holds. */
  private static void read(Path path, InputStream in, Header header, Consumer<byte[]> chunks)
      throws IOException {
    long read = 0;
    while (read < header.dataBytes()) {
      int length = (int) Math.min(CHUNK, header.dataBytes() - read);
      byte[] chunk = new byte[length];
      int got = in.readNBytes(chunk, 0, length);
      read += got;
      if (got < length) {
        throw truncated(path, header, read);
      }
      chunks.accept(chunk);
    }
  }

  /** A tensor filled, chunk after chunk, with values each checked to be a finite number. */
  private static final class Values {
    private final Path path;
    private final Header header;
    private final Tensor tensor;
    private int index;

    Values(Path path, Header header, DType dtype) {
      this.path = path;
      this.header = header;
      this.tensor = Tensor.zeros(dtype, header.items(), header.values());
    }

    void add(byte[] chunk) {
      if (header.type() == 0x08) {
        unsignedBytes(chunk, tensor, index);
        index += chunk.length;
        return;
      }
      ByteBuffer values = ByteBuffer.wrap(chunk);
      while (values.hasRemaining()) {
        double value = element(values, header.type());
        if (!Double.isFinite(value)) {
          throw new DataException(
              item(path, index / header.values()) + "value " + value + " is not a finite number");
        }
        tensor.set(index++, value);
      }
    }
  }

  /**
   * Images are unsigned bytes: copied in a loop over the arrays rather than a call per byte, which
   * took a third of a second for Fashion-MNIST's 47 million.
   */
  private static void unsignedBytes(byte[] chunk, Tensor tensor, int start) {
    if (tensor instanceof Float32Tensor single) {
      float[] values = single.data();
      for (int at = 0; at < chunk.length; at++) {
        values[start + at] = chunk[at] & 0xff;
      }
    } else {
      double[] values = ((Float64Tensor) tensor).data();
      for (int at = 0; at < chunk.length; at++) {
        values[start + at] = chunk[at] & 0xff;
      }
    }
  }

  private static double element(ByteBuffer values, int type) {
    switch (type) {
      case 0x09:
        return values.get();
      case 0x0B:
        return values.getShort();
      case 0x0C:
        return values.getInt();
      case 0x0D:
        return values.getFloat();
      default:
        return values.getDouble();
    }
  }

  private static DataException truncated(Path path, Header header, long holds) {
    return new DataException(
        path + " is truncated: its header declares " + header + ", but it holds " + holds);
  }

  private static DataException longer(Path path, Header header) {
    return new DataException(path + " holds more than its header declares (" + header + ")");
  }

  private static String item(Path path, int item) {
    return path + ", item " + item + " (from 0): ";
  }

  private static BufferedInputStream buffered(Path path) {
    return new BufferedInputStream(DataFiles.open(path), 1 << 16);
  }

  private static boolean isGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    return gzip;
  }

  private static InputStream gunzip(InputStream in) throws IOException {
    return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
  }
}
