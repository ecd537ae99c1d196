package dev.nabla.io.files;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A tensor's elements as bytes, exactly: row-major, 8 bytes (IEEE 754 binary64) per float64 element
 * or 4 (binary32) per float32 element, in the byte order the file format states. Model files
 * (safetensors, little-endian) and checkpoints (big-endian) both store tensors through it.
 */
public final class TensorCodec {
  private TensorCodec() {}

  /** Bytes per element: 8 for float64, 4 for float32. */
  public static int bytesPer(DType dtype) {
    return dtype == DType.FLOAT64 ? 8 : 4;
  }

  /** The elements of {@code tensor}, new. */
  public static byte[] encode(Tensor tensor, ByteOrder order) {
    ByteBuffer buffer = ByteBuffer.allocate(tensor.size() * bytesPer(tensor.dtype())).order(order);
    if (tensor.dtype() == DType.FLOAT64) {
      for (int index = 0; index < tensor.size(); index++) {
        buffer.putDouble(tensor.get(index));
      }
    } else {
      for (int index = 0; index < tensor.size(); index++) {
        buffer.putFloat((float) tensor.get(index));
      }
    }
    return buffer.array();
  }

  /**
   * Fills {@code target} from {@code source}'s bytes at its position, in {@code source}'s byte
   * order, advancing it by {@code target}'s byte length.
   *
   * @param target modified
   */
  public static void decode(ByteBuffer source, Tensor target) {
    if (target.dtype() == DType.FLOAT64) {
      for (int index = 0; index < target.size(); index++) {
        target.set(index, source.getDouble());
      }
    } else {
      for (int index = 0; index < target.size(); index++) {
        target.set(index, source.getFloat());
      }
    }
  }
}
