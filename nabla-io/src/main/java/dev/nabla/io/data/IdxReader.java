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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, gzipped or not (detected by content).
 *
 * <p>An IDX file is: two zero bytes; a type byte (0x08 unsigned byte, 0x09 signed byte, 0x0B short,
 * 0x0C int, 0x0D float, 0x0E double); the number of dimensions; each dimension as a big-endian int;
 * the elements, big-endian, row-major.
 */
public final class IdxReader {
  /** The element types: unsigned byte, signed byte, short, int, float, double. */
  private static final List<Integer> TYPES = List.of(0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E);

  private IdxReader() {}

  /** The file as a matrix: the first dimension is the samples, the rest flattened into features. */
  public static Tensor read(Path path, DType dtype) {
    try (InputStream in = open(path)) {
      DataInputStream data = new DataInputStream(in);
      int zero = data.readUnsignedShort();
      int type = data.readUnsignedByte();
      int rank = data.readUnsignedByte();
      if (zero != 0 || rank == 0 || !TYPES.contains(type)) {
        throw new DataException(
            path + " is not an IDX file: its first four bytes are not 0, 0, a type and a rank");
      }
      List<Integer> dimensions = new ArrayList<>();
      long features = 1;
      for (int axis = 0; axis < rank; axis++) {
        int dimension = data.readInt();
        if (dimension < 0) {
          throw new DataException(path + ": dimension " + axis + " is negative: " + dimension);
        }
        dimensions.add(dimension);
        if (axis > 0) {
          features *= dimension;
        }
      }
      long samples = dimensions.get(0);
      if (samples * features > Integer.MAX_VALUE) {
        throw new DataException(path + ": " + dimensions + " is too large to hold in memory");
      }
      Tensor tensor = Tensor.zeros(dtype, (int) samples, (int) features);
      if (type == 0x08) {
        readUnsignedBytes(data, tensor);
      } else {
        for (int index = 0; index < tensor.size(); index++) {
          tensor.set(index, element(data, type));
        }
      }
      return tensor;
    } catch (EOFException e) {
      throw new DataException(path + " is truncated: it ends before its declared dimensions", e);
    } catch (IOException e) {
      throw new DataException(path + ": cannot read it: " + e.getMessage(), e);
    }
  }

  /** A label file as one-hot rows over classes 0 … classes−1, named "0", "1", …. */
  public static Dataset labelled(Path images, Path labels, DType dtype) {
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
    int count = 0;
    for (int row = 0; row < classes.rows(); row++) {
      double label = classes.get(row);
      if (label < 0 || label != Math.rint(label)) {
        throw new DataException(
            labels + ", sample " + row + ": label " + label + " is not a class number");
      }
      count = Math.max(count, (int) label + 1);
    }
    Tensor targets = Tensor.zeros(DType.FLOAT64, classes.rows(), count);
    for (int row = 0; row < classes.rows(); row++) {
      targets.set(row, (int) classes.get(row), 1);
    }
    List<String> names = new ArrayList<>();
    List<String> labelNames = new ArrayList<>();
    for (int feature = 0; feature < features.columns(); feature++) {
      names.add("pixel " + feature);
    }
    for (int label = 0; label < count; label++) {
      labelNames.add(Integer.toString(label));
    }
    return new Dataset(features, targets, names, labelNames, images.toString());
  }

  /**
   * Whether {@code path} starts like an IDX file, gzipped or not: two zero bytes and a type. No
   * text file starts so, so a file read as CSV that does is surely IDX.
   */
  public static boolean looksLikeIdx(Path path) {
    try (InputStream in = open(path)) {
      return in.read() == 0 && in.read() == 0 && TYPES.contains(in.read());
    } catch (IOException e) {
      return false;
    }
  }

  private static InputStream open(Path path) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    return first == 0x1f && second == 0x8b
        ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16)
        : in;
  }

  /**
   * Images are unsigned bytes: read in blocks rather than a call per byte, which took a third of a
   * second for Fashion-MNIST's 47 million.
   */
  private static void readUnsignedBytes(DataInputStream data, Tensor tensor) throws IOException {
    byte[] block = new byte[1 << 16];
    int size = tensor.size();
    for (int done = 0; done < size; ) {
      int length = Math.min(block.length, size - done);
      data.readFully(block, 0, length);
      if (tensor instanceof Float32Tensor single) {
        float[] values = single.data();
        for (int index = 0; index < length; index++) {
          values[done + index] = block[index] & 0xff;
        }
      } else {
        double[] values = ((Float64Tensor) tensor).data();
        for (int index = 0; index < length; index++) {
          values[done + index] = block[index] & 0xff;
        }
      }
      done += length;
    }
  }

  private static double element(DataInputStream data, int type) throws IOException {
    switch (type) {
      case 0x08:
        return data.readUnsignedByte();
      case 0x09:
        return data.readByte();
      case 0x0B:
        return data.readShort();
      case 0x0C:
        return data.readInt();
      case 0x0D:
        return data.readFloat();
      default:
        return data.readDouble();
    }
  }
}
