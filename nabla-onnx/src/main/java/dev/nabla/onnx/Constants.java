package dev.nabla.onnx;

import dev.nabla.onnx.proto.OnnxProto.AttributeProto;
import dev.nabla.onnx.proto.OnnxProto.NodeProto;
import dev.nabla.onnx.proto.OnnxProto.TensorProto;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The constant tensors of a graph, initializers and {@code Constant} nodes alike, read as float64
 * values with their shapes. Sizes are checked against the declared shape before anything is read.
 */
final class Constants {
  /** A constant's values, row-major, its shape, and whether it was float32. */
  record Value(String name, long[] shape, double[] values, boolean float32) {
    int size() {
      return values.length;
    }

    String shapeText() {
      StringBuilder text = new StringBuilder("[");
      for (int i = 0; i < shape.length; i++) {
        text.append(i == 0 ? "" : " × ").append(shape[i]);
      }
      return text.append("]").toString();
    }
  }

  private final Map<String, TensorProto> tensors = new HashMap<>();
  private final String source;

  Constants(String source) {
    this.source = source;
  }

  void add(TensorProto tensor) {
    tensors.put(tensor.getName(), tensor);
  }

  /** Adds a {@code Constant} node's {@code value}; other forms of Constant are refused. */
  void add(NodeProto node) throws OnnxFileException {
    for (AttributeProto attribute : node.getAttributeList()) {
      if (attribute.getName().equals("value") && attribute.hasT()) {
        tensors.put(
            node.getOutput(0), attribute.getT().toBuilder().setName(node.getOutput(0)).build());
        return;
      }
    }
    throw new OnnxFileException(
        source
            + ": Constant node '"
            + node.getName()
            + "' holds no tensor 'value'; Nabla reads only tensor constants");
  }

  boolean has(String name) {
    return tensors.containsKey(name);
  }

  /**
   * The constant named {@code name}.
   *
   * @throws OnnxFileException if there is none, it is not float or double, is stored outside the
   *     file, or its data do not match its shape
   */
  Value get(String name, String where) throws OnnxFileException {
    TensorProto tensor = tensors.get(name);
    if (tensor == null) {
      throw new OnnxFileException(
          source + ": " + where + " takes '" + name + "', which is not a constant in the file");
    }
    if (tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new OnnxFileException(
          source
              + ": tensor '"
              + name
              + "' is stored in an external data file; save the model"
              + " with its weights inside (onnx.save(model, path, save_as_external_data=False))");
    }
    long[] shape = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
    long count = 1;
    for (long dimension : shape) {
      if (dimension < 0 || (dimension > 0 && count > Integer.MAX_VALUE / dimension)) {
        throw new OnnxFileException(
            source
                + ": tensor '"
                + name
                + "' has shape "
                + Arrays.toString(shape)
                + ", which no Java array holds");
      }
      count *= dimension;
    }
    int type = tensor.getDataType();
    boolean float32 = type == TensorProto.DataType.FLOAT_VALUE;
    if (!float32 && type != TensorProto.DataType.DOUBLE_VALUE) {
      throw new OnnxFileException(
          source
              + ": tensor '"
              + name
              + "' holds "
              + TensorProto.DataType.forNumber(type)
              + " values; Nabla reads float and double tensors");
    }
    int elements = (int) count;
    double[] values = new double[elements];
    if (!tensor.getRawData().isEmpty()) {
      int width = float32 ? 4 : 8;
      if (tensor.getRawData().size() != (long) elements * width) {
        throw new OnnxFileException(
            source
                + ": tensor '"
                + name
                + "' declares shape "
                + Arrays.toString(shape)
                + " ("
                + elements
                + " values) but holds "
                + tensor.getRawData().size()
                + " bytes");
      }
      ByteBuffer bytes = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < elements; i++) {
        values[i] = float32 ? bytes.getFloat() : bytes.getDouble();
      }
    } else {
      int stored = float32 ? tensor.getFloatDataCount() : tensor.getDoubleDataCount();
      if (stored != elements) {
        throw new OnnxFileException(
            source
                + ": tensor '"
                + name
                + "' declares shape "
                + Arrays.toString(shape)
                + " ("
                + elements
                + " values) but holds "
                + stored);
      }
      for (int i = 0; i < elements; i++) {
        values[i] = float32 ? tensor.getFloatData(i) : tensor.getDoubleData(i);
      }
    }
    return new Value(name, shape, values, float32);
  }

  /**
   * A float attribute as the number the exporting program was given: the shortest decimal that
   * rounds to the float ({@code 0.2f} is read as 0.2, not 0.20000000298), so that a slope or an
   * epsilon written from a float64 model, or from PyTorch's Python floats, reads back as itself.
   */
  static double decimal(float value) {
    return Double.parseDouble(Float.toString(value));
  }

  /**
   * {@code 1 − value}, computed on the decimals ({@code 1 − 0.9} is 0.1, not 0.09999999999999998).
   */
  static double oneMinus(double value) {
    return BigDecimal.ONE.subtract(new BigDecimal(Double.toString(value))).doubleValue();
  }
}
