package dev.nabla.onnx;

import com.google.protobuf.ByteString;
import dev.nabla.onnx.proto.OnnxProto.AttributeProto;
import dev.nabla.onnx.proto.OnnxProto.GraphProto;
import dev.nabla.onnx.proto.OnnxProto.NodeProto;
import dev.nabla.onnx.proto.OnnxProto.TensorProto;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A graph being written: nodes in order, and constants as initializers in the model's precision,
 * each given a fresh name under a prefix (the layer's parameter name), so that names never clash.
 */
final class OnnxGraph {
  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final DType dtype;
  private int nodes;

  OnnxGraph(DType dtype) {
    this.dtype = dtype;
  }

  DType dtype() {
    return dtype;
  }

  GraphProto.Builder proto() {
    return graph;
  }

  /** The ONNX element type of a precision: {@code FLOAT} or {@code DOUBLE}. */
  static int elementType(DType dtype) {
    return dtype == DType.FLOAT32
        ? TensorProto.DataType.FLOAT_VALUE
        : TensorProto.DataType.DOUBLE_VALUE;
  }

  /** Adds a tensor's values as an initializer of the graph's precision, {@code shape} as given. */
  String constant(String name, Tensor values, long... shape) {
    return constant(name, values.toDoubleArray(), shape);
  }

  /**
   * Adds values as an initializer named {@code name}, cast to the graph's precision (the raw
   * little-endian bytes, as the ONNX spec asks for {@code raw_data}).
   */
  String constant(String name, double[] values, long... shape) {
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * (dtype == DType.FLOAT32 ? 4 : 8))
            .order(ByteOrder.LITTLE_ENDIAN);
    for (double value : values) {
      if (dtype == DType.FLOAT32) {
        bytes.putFloat((float) value);
      } else {
        bytes.putDouble(value);
      }
    }
    bytes.flip();
    TensorProto.Builder tensor =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(elementType(dtype))
            .setRawData(ByteString.copyFrom(bytes));
    for (long dimension : shape) {
      tensor.addDims(dimension);
    }
    graph.addInitializer(tensor);
    return name;
  }

  /** Adds a node; returns its (first) output's name. */
  String node(String op, List<String> inputs, String output, AttributeProto... attributes) {
    NodeProto.Builder node =
        NodeProto.newBuilder().setOpType(op).setName(op + "_" + nodes++).addOutput(output);
    node.addAllInput(inputs);
    for (AttributeProto attribute : attributes) {
      node.addAttribute(attribute);
    }
    graph.addNode(node);
    return output;
  }

  static AttributeProto attribute(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  static AttributeProto attribute(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF(value)
        .build();
  }

  static AttributeProto attribute(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value))
        .build();
  }
}
