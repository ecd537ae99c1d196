package dev.nabla.io.checkpoint;

import dev.nabla.checkpoint.Checkpoint;
import dev.nabla.io.files.AtomicFile;
import dev.nabla.io.files.TensorCodec;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Reads and writes {@link Checkpoint}s; {@link CheckpointWriter} writes them as a run goes.
 *
 * <p>Format, version 1, big-endian as {@link DataOutputStream} writes it: the 16 ASCII bytes {@code
 * NABLA-CHECKPOINT}; {@code int} version; {@code int} n, then n × (UTF name, {@code double} value);
 * {@code int} m, then m × (UTF name, {@code byte} dtype 0 = float64 or 1 = float32, {@code int}
 * rank, rank × {@code int} dimension, the elements row-major); from version 2, {@code int} k, then
 * k × (UTF name, {@code int} length, that many bytes of UTF-8 text) of metadata; and last the
 * CRC-32 of every byte before it as a {@code long}. Floats are stored exactly, so a resumed run
 * continues bit for bit. Version 1 files, without metadata, are still read.
 *
 * <p>Writing goes to a temporary file in the same folder, renamed over the target only when
 * complete, so a crash never leaves a half-written checkpoint or destroys the previous one. Reading
 * checks the magic, version, every size and the checksum before building anything.
 */
public final class CheckpointFile {
  static final byte[] MAGIC = "NABLA-CHECKPOINT".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 2;
  private static final int MAX_NAMES = 1 << 20;

  private CheckpointFile() {}

  /** Writes {@code checkpoint} to {@code path} atomically, replacing any file there. */
  public static void write(Path path, Checkpoint checkpoint) throws IOException {
    AtomicFile.write(
        path,
        file -> {
          CRC32 crc = new CRC32();
          DataOutputStream out = new DataOutputStream(new CheckedOutputStream(file, crc));
          out.write(MAGIC);
          out.writeInt(VERSION);
          out.writeInt(checkpoint.scalars().size());
          for (Map.Entry<String, Double> entry : checkpoint.scalars().entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeDouble(entry.getValue());
          }
          out.writeInt(checkpoint.tensors().size());
          for (Map.Entry<String, Tensor> entry : checkpoint.tensors().entrySet()) {
            writeTensor(out, entry.getKey(), entry.getValue());
          }
          out.writeInt(checkpoint.metadata().size());
          for (Map.Entry<String, String> entry : checkpoint.metadata().entrySet()) {
            out.writeUTF(entry.getKey());
            // Not writeUTF: a recipe may be longer than its 65,535-byte limit.
            byte[] text = entry.getValue().getBytes(StandardCharsets.UTF_8);
            out.writeInt(text.length);
            out.write(text);
          }
          out.flush();
          // The checksum covers everything above; it is written outside the checked stream.
          new DataOutputStream(file).writeLong(crc.getValue());
        });
  }

  private static void writeTensor(DataOutputStream out, String name, Tensor tensor)
      throws IOException {
    out.writeUTF(name);
    out.writeByte(tensor.dtype() == DType.FLOAT64 ? 0 : 1);
    out.writeInt(tensor.shape().rank());
    for (int axis = 0; axis < tensor.shape().rank(); axis++) {
      out.writeInt(tensor.shape().dimension(axis));
    }
    out.write(TensorCodec.encode(tensor, ByteOrder.BIG_ENDIAN));
  }

  /**
   * Reads a checkpoint.
   *
   * @throws IOException naming the file and what is wrong with it: not a checkpoint, another
   *     version, truncated, corrupted
   */
  public static Checkpoint read(Path path) throws IOException {
    long size = Files.size(path);
    CRC32 crc = new CRC32();
    Map<String, Double> scalars = new LinkedHashMap<>();
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    try (InputStream file = new BufferedInputStream(Files.newInputStream(path))) {
      DataInputStream in = new DataInputStream(new CheckedInputStream(file, crc));
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException(
            path + " is not a Nabla checkpoint (it does not start with NABLA-CHECKPOINT)");
      }
      int version = in.readInt();
      if (version < 1 || version > VERSION) {
        throw new IOException(
            path
                + " is checkpoint format version "
                + version
                + "; this Nabla reads versions 1 to "
                + VERSION);
      }
      int scalarCount = count(path, in.readInt(), "values");
      for (int i = 0; i < scalarCount; i++) {
        scalars.put(in.readUTF(), in.readDouble());
      }
      int tensorCount = count(path, in.readInt(), "tensors");
      for (int i = 0; i < tensorCount; i++) {
        String name = in.readUTF();
        tensors.put(name, readTensor(path, in, name, size));
      }
      if (version >= 2) {
        int metadataCount = count(path, in.readInt(), "metadata entries");
        for (int i = 0; i < metadataCount; i++) {
          String name = in.readUTF();
          int length = in.readInt();
          if (length < 0 || length > size) {
            throw new IOException(
                path + " is corrupted: metadata '" + name + "' claims " + length + " bytes");
          }
          byte[] text = new byte[length];
          in.readFully(text);
          metadata.put(name, new String(text, StandardCharsets.UTF_8));
        }
      }
      long expected = crc.getValue();
      long stored = new DataInputStream(file).readLong();
      if (stored != expected) {
        throw new IOException(path + " is corrupted: its checksum does not match its contents");
      }
      if (file.read() != -1) {
        throw new IOException(
            path + " has bytes after its checksum; it is not a checkpoint this Nabla wrote");
      }
    } catch (EOFException e) {
      throw new IOException(path + " is truncated: it ends before the checkpoint does", e);
    } catch (UTFDataFormatException e) {
      throw new IOException(path + " is corrupted: a tensor or value name is not valid text", e);
    }
    return new Checkpoint(scalars, tensors, metadata);
  }

  private static int count(Path path, int count, String what) throws IOException {
    if (count < 0 || count > MAX_NAMES) {
      throw new IOException(path + " is corrupted: it claims " + count + " " + what);
    }
    return count;
  }

  private static Tensor readTensor(Path path, DataInputStream in, String name, long fileSize)
      throws IOException {
    int dtypeCode = in.readByte();
    if (dtypeCode != 0 && dtypeCode != 1) {
      throw new IOException(path + ": tensor '" + name + "' has unknown element type " + dtypeCode);
    }
    DType dtype = dtypeCode == 0 ? DType.FLOAT64 : DType.FLOAT32;
    int rank = in.readInt();
    if (rank < 1 || rank > 2) {
      throw new IOException(
          path + ": tensor '" + name + "' has rank " + rank + "; expected 1 or 2");
    }
    int[] dimensions = new int[rank];
    long elements = 1;
    for (int axis = 0; axis < rank; axis++) {
      dimensions[axis] = in.readInt();
      elements *= Math.max(0, dimensions[axis]);
      if (dimensions[axis] < 0 || elements * (dtypeCode == 0 ? 8 : 4) > fileSize) {
        throw new IOException(
            path
                + ": tensor '"
                + name
                + "' claims shape "
                + Arrays.toString(dimensions)
                + ", larger than the file");
      }
    }
    Tensor tensor = Tensor.zeros(dtype, Shape.of(dimensions));
    byte[] bytes = new byte[tensor.size() * TensorCodec.bytesPer(dtype)];
    in.readFully(bytes);
    TensorCodec.decode(ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN), tensor);
    return tensor;
  }
}
