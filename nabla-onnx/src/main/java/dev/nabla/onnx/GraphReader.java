package dev.nabla.onnx;

import dev.nabla.activations.Activation;
import dev.nabla.activations.Activations;
import dev.nabla.layers.ActivationLayer;
import dev.nabla.layers.BatchNorm;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Layer;
import dev.nabla.onnx.proto.OnnxProto.AttributeProto;
import dev.nabla.onnx.proto.OnnxProto.NodeProto;
import dev.nabla.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the chain of nodes from a graph's input to its output as Nabla layers: {@code Gemm}, or
 * {@code MatMul} and {@code Add}, as dense layers; the activations (one operator each, or the
 * elementary forms that torch.onnx.export and Nabla write for GELU, and Nabla for float64 ELU and
 * softplus); {@code BatchNormalization} in inference form; {@code Flatten}, {@code Identity} and
 * {@code Dropout} as nothing; and, before the first layer, {@code Sub} then {@code Div} by
 * constants as the feature scaling. The first node it cannot take ends the reading with an error
 * naming it and why.
 */
final class GraphReader {
  /** What the operators listed in errors are. */
  static final String SUPPORTED =
      "Gemm, MatMul (+ Add), Relu, LeakyRelu, PRelu, Sigmoid, Tanh, Elu, Softplus, Gelu (or its erf"
          + " form), Softmax, BatchNormalization, Flatten, Identity, Dropout";

  private final String source;
  private final List<NodeProto> nodes;
  private final Constants constants;
  private final DType dtype;
  private final int opset;
  private final List<Layer> layers = new ArrayList<>();
  private double[] offset;
  private double[] scale;
  private String current;
  private int width;
  private int index;

  GraphReader(
      String source,
      List<NodeProto> nodes,
      Constants constants,
      DType dtype,
      int opset,
      String input,
      int width) {
    this.source = source;
    this.nodes = nodes;
    this.constants = constants;
    this.dtype = dtype;
    this.opset = opset;
    this.current = input;
    this.width = width;
  }

  List<Layer> layers() {
    return layers;
  }

  /** The scaling's offsets, or null if the graph has none. */
  double[] offset() {
    return offset;
  }

  double[] scale() {
    return scale;
  }

  /** Reads nodes until {@code output} is reached. */
  void readUntil(String output) throws OnnxFileException {
    while (!current.equals(output)) {
      if (index >= nodes.size()) {
        throw new OnnxFileException(
            source
                + ": the nodes end at '"
                + current
                + "' without reaching the output '"
                + output
                + "'; Nabla reads graphs that are one chain of layers");
      }
      NodeProto node = nodes.get(index);
      if (!node.getInputList().contains(current)) {
        throw unsupported(
            node,
            "it does not take '"
                + current
                + "', the output of the node before; Nabla reads graphs that are one chain of"
                + " layers");
      }
      if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
        throw unsupported(node, "its operator domain '" + node.getDomain() + "' is not ONNX's own");
      }
      if (!(gelu() || elu() || softplus())) {
        single(node);
      }
    }
  }

  private void single(NodeProto node) throws OnnxFileException {
    switch (node.getOpType()) {
      case "Gemm" -> gemm(node);
      case "MatMul" -> matMul(node);
      case "Sub" -> scaling(node);
      case "Relu" -> activation(node, Activations.relu());
      case "Sigmoid" -> activation(node, Activations.sigmoid());
      case "Tanh" -> activation(node, Activations.tanh());
      case "Softplus" -> activation(node, Activations.softplus());
      case "LeakyRelu" ->
          activation(node, Activations.leakyRelu(floatAttribute(node, "alpha", 0.01f)));
      case "Elu" -> activation(node, Activations.elu(floatAttribute(node, "alpha", 1f)));
      case "PRelu" -> prelu(node);
      case "Gelu" -> {
        String approximate = stringAttribute(node, "approximate", "none");
        if (!approximate.equals("none")) {
          throw unsupported(
              node, "Nabla's GELU is the exact one, not approximate='" + approximate + "'");
        }
        activation(node, Activations.gelu());
      }
      case "Softmax" -> {
        long axis = intAttribute(node, "axis", opset >= 13 ? -1 : 1);
        if (axis != 1 && axis != -1) {
          throw unsupported(node, "its axis is " + axis + "; Nabla's softmax is over the features");
        }
        activation(node, Activations.softmax());
      }
      case "BatchNormalization" -> batchNorm(node);
      case "Flatten" -> {
        long axis = intAttribute(node, "axis", 1);
        if (axis != 1) {
          throw unsupported(node, "its axis is " + axis + "; Nabla reads Flatten(axis=1) alone");
        }
        pass(node);
      }
      case "Identity", "Dropout" -> pass(node);
      default ->
          throw unsupported(
              node, "Nabla does not read " + node.getOpType() + "; it reads " + SUPPORTED);
    }
  }

  /** A node that leaves the data as they are. */
  private void pass(NodeProto node) {
    current = node.getOutput(0);
    index++;
  }

  private void activation(NodeProto node, Activation activation) {
    layers.add(new ActivationLayer(activation));
    current = node.getOutput(0);
    index++;
  }

  /** {@code Gemm(x, B, C)} with α = β = 1 and x not transposed: {@code W = B} or {@code Bᵀ}. */
  private void gemm(NodeProto node) throws OnnxFileException {
    if (!node.getInput(0).equals(current)) {
      throw unsupported(node, "the data must be its first input, A");
    }
    if (floatAttribute(node, "alpha", 1f) != 1 || floatAttribute(node, "beta", 1f) != 1) {
      throw unsupported(
          node, "its alpha or beta is not 1; Nabla's dense layer has no scale factor");
    }
    if (intAttribute(node, "transA", 0) != 0) {
      throw unsupported(node, "it transposes its input (transA=1)");
    }
    boolean transposed = intAttribute(node, "transB", 0) == 1;
    Constants.Value b = constant(node, 1);
    double[][] weights = weights(node, b, transposed);
    double[] bias = null;
    if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
      bias = bias(node, constant(node, 2), weights.length);
    }
    dense(weights, bias);
    current = node.getOutput(0);
    index++;
  }

  /** {@code MatMul(x, B)}, {@code B: [in × out]}, and an {@code Add} of a bias after it if any. */
  private void matMul(NodeProto node) throws OnnxFileException {
    if (!node.getInput(0).equals(current)) {
      throw unsupported(node, "the data must be its first input");
    }
    double[][] weights = weights(node, constant(node, 1), false);
    current = node.getOutput(0);
    index++;
    double[] bias = null;
    if (index < nodes.size()
        && nodes.get(index).getOpType().equals("Add")
        && nodes.get(index).getInputList().contains(current)) {
      NodeProto add = nodes.get(index);
      int other = add.getInput(0).equals(current) ? 1 : 0;
      bias = bias(add, constant(add, other), weights.length);
      current = add.getOutput(0);
      index++;
    }
    dense(weights, bias);
  }

  private void dense(double[][] weights, double[] bias) {
    Dense dense = new Dense(width, weights.length, bias != null, dtype);
    for (int row = 0; row < weights.length; row++) {
      for (int column = 0; column < width; column++) {
        dense.weights().value().set(row, column, weights[row][column]);
      }
      if (bias != null) {
        dense.bias().value().set(row, bias[row]);
      }
    }
    layers.add(dense);
    width = weights.length;
  }

  /** W as {@code [out × in]}, from {@code B: [out × in]} (transposed) or {@code [in × out]}. */
  private double[][] weights(NodeProto node, Constants.Value b, boolean transposed)
      throws OnnxFileException {
    if (b.shape().length != 2) {
      throw unsupported(
          node, "its weights " + b.name() + " have shape " + b.shapeText() + ", not a matrix");
    }
    int inputs = (int) (transposed ? b.shape()[1] : b.shape()[0]);
    int outputs = (int) (transposed ? b.shape()[0] : b.shape()[1]);
    if (inputs != width) {
      throw unsupported(
          node,
          "its weights "
              + b.name()
              + " "
              + b.shapeText()
              + (transposed ? " (transB=1)" : "")
              + " take "
              + inputs
              + " inputs, but the layer before gives "
              + width);
    }
    if (outputs < 1) {
      throw unsupported(node, "its weights " + b.name() + " " + b.shapeText() + " give no outputs");
    }
    double[][] weights = new double[outputs][inputs];
    for (int i = 0; i < b.size(); i++) {
      int row = i / (int) b.shape()[1];
      int column = i % (int) b.shape()[1];
      if (transposed) {
        weights[row][column] = b.values()[i];
      } else {
        weights[column][row] = b.values()[i];
      }
    }
    return weights;
  }

  private double[] bias(NodeProto node, Constants.Value c, int outputs) throws OnnxFileException {
    boolean vector = c.shape().length == 1 && c.shape()[0] == outputs;
    boolean row = c.shape().length == 2 && c.shape()[0] == 1 && c.shape()[1] == outputs;
    if (!vector && !row) {
      throw unsupported(
          node,
          "its bias "
              + c.name()
              + " has shape "
              + c.shapeText()
              + ", not ["
              + outputs
              + "] for its "
              + outputs
              + " outputs");
    }
    return c.values();
  }

  /** {@code Sub(x, offset)} then {@code Div(·, scale)} before any layer: the feature scaling. */
  private void scaling(NodeProto node) throws OnnxFileException {
    NodeProto div = index + 1 < nodes.size() ? nodes.get(index + 1) : null;
    if (!layers.isEmpty()
        || offset != null
        || !node.getInput(0).equals(current)
        || div == null
        || !div.getOpType().equals("Div")
        || !div.getInput(0).equals(node.getOutput(0))) {
      throw unsupported(
          node, "Nabla reads Sub only as the feature scaling: Sub then Div by constants, first");
    }
    offset = perFeature(node, constant(node, 1));
    scale = perFeature(div, constant(div, 1));
    current = div.getOutput(0);
    index += 2;
  }

  private double[] perFeature(NodeProto node, Constants.Value value) throws OnnxFileException {
    if (value.size() != width || value.shape().length > 2) {
      throw unsupported(
          node,
          value.name()
              + " has shape "
              + value.shapeText()
              + ", not one value per feature ("
              + width
              + ")");
    }
    return value.values();
  }

  private void prelu(NodeProto node) throws OnnxFileException {
    Constants.Value slope = constant(node, 1);
    if (slope.size() != 1) {
      throw unsupported(
          node, "its slope " + slope.shapeText() + " is per feature; Nabla's leaky ReLU has one");
    }
    activation(node, Activations.leakyRelu(slope.values()[0]));
  }

  /** {@code y = scale·(x − mean)/√(variance + ε) + shift} with the stored statistics. */
  private void batchNorm(NodeProto node) throws OnnxFileException {
    if (intAttribute(node, "training_mode", 0) != 0) {
      throw unsupported(node, "it is in training mode; Nabla reads the inference form");
    }
    if (node.getInputCount() != 5) {
      throw unsupported(node, "it has " + node.getInputCount() + " inputs, not 5");
    }
    double epsilon = floatAttribute(node, "epsilon", 1e-5f);
    // ONNX's momentum weighs the running value (running·m + batch·(1 − m)); Nabla's and
    // PyTorch's the batch.
    double momentum = Constants.oneMinus(floatAttribute(node, "momentum", 0.9f));
    BatchNorm layer = new BatchNorm(width, epsilon, momentum, dtype);
    String[] names = {"scale", "shift", "runningMean", "runningVariance"};
    for (int i = 0; i < names.length; i++) {
      Constants.Value value = constant(node, i + 1);
      if (value.size() != width || value.shape().length != 1) {
        throw unsupported(
            node,
            "its "
                + names[i]
                + " "
                + value.name()
                + " has shape "
                + value.shapeText()
                + ", but the layer before gives "
                + width
                + " features");
      }
      var target = i < 2 ? layer.parameters().get(names[i]).value() : layer.buffers().get(names[i]);
      for (int j = 0; j < width; j++) {
        target.set(j, value.values()[j]);
      }
    }
    layers.add(layer);
    current = node.getOutput(0);
    index++;
  }

  /**
   * GELU's erf form: {@code Div(x, √2) → Erf → Add(·, 1) → Mul(x, ·) → Mul(·, ½)}, as
   * torch.onnx.export (before opset 20) and Nabla write it.
   */
  private boolean gelu() throws OnnxFileException {
    Optional<List<NodeProto>> match = sequence("Div", "Erf", "Add", "Mul", "Mul");
    if (match.isEmpty()) {
      return false;
    }
    List<NodeProto> n = match.get();
    boolean wired =
        n.get(0).getInput(0).equals(current)
            && isConstant(n.get(0), 1, Math.sqrt(2))
            && n.get(1).getInput(0).equals(n.get(0).getOutput(0))
            && takesWith(n.get(2), n.get(1).getOutput(0), 1)
            && n.get(3).getInputList().containsAll(List.of(current, n.get(2).getOutput(0)))
            && takesWith(n.get(4), n.get(3).getOutput(0), 0.5);
    if (!wired) {
      return false;
    }
    layers.add(new ActivationLayer(Activations.gelu()));
    current = n.get(4).getOutput(0);
    index += 5;
    return true;
  }

  /** Nabla's float64 ELU: {@code Where(x > 0, x, α·(eˣ − 1))}. */
  private boolean elu() throws OnnxFileException {
    Optional<List<NodeProto>> match = sequence("Greater", "Exp", "Sub", "Mul", "Where");
    if (match.isEmpty()) {
      return false;
    }
    List<NodeProto> n = match.get();
    boolean wired =
        n.get(0).getInput(0).equals(current)
            && isConstant(n.get(0), 1, 0)
            && n.get(1).getInput(0).equals(current)
            && n.get(2).getInput(0).equals(n.get(1).getOutput(0))
            && isConstant(n.get(2), 1, 1)
            && n.get(3).getInput(0).equals(n.get(2).getOutput(0))
            && constants.has(n.get(3).getInput(1))
            && n.get(4)
                .getInputList()
                .equals(List.of(n.get(0).getOutput(0), current, n.get(3).getOutput(0)));
    if (!wired) {
      return false;
    }
    Constants.Value alpha = constant(n.get(3), 1);
    if (alpha.size() != 1) {
      return false;
    }
    layers.add(new ActivationLayer(Activations.elu(alpha.values()[0])));
    current = n.get(4).getOutput(0);
    index += 5;
    return true;
  }

  /** Nabla's float64 softplus: {@code Relu(x) + Log(Exp(Neg(Abs(x))) + 1)}. */
  private boolean softplus() throws OnnxFileException {
    Optional<List<NodeProto>> match = sequence("Relu", "Abs", "Neg", "Exp", "Add", "Log", "Add");
    if (match.isEmpty()) {
      return false;
    }
    List<NodeProto> n = match.get();
    boolean wired =
        n.get(0).getInput(0).equals(current)
            && n.get(1).getInput(0).equals(current)
            && n.get(2).getInput(0).equals(n.get(1).getOutput(0))
            && n.get(3).getInput(0).equals(n.get(2).getOutput(0))
            && takesWith(n.get(4), n.get(3).getOutput(0), 1)
            && n.get(5).getInput(0).equals(n.get(4).getOutput(0))
            && n.get(6)
                .getInputList()
                .equals(List.of(n.get(0).getOutput(0), n.get(5).getOutput(0)));
    if (!wired) {
      return false;
    }
    layers.add(new ActivationLayer(Activations.softplus()));
    current = n.get(6).getOutput(0);
    index += 7;
    return true;
  }

  /** The next nodes if their operators are {@code ops}, in order. */
  private Optional<List<NodeProto>> sequence(String... ops) {
    if (index + ops.length > nodes.size()) {
      return Optional.empty();
    }
    List<NodeProto> match = nodes.subList(index, index + ops.length);
    for (int i = 0; i < ops.length; i++) {
      if (!match.get(i).getOpType().equals(ops[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(match);
  }

  /** Whether {@code node} takes {@code data} and a constant equal to {@code value}. */
  private boolean takesWith(NodeProto node, String data, double value) throws OnnxFileException {
    if (node.getInputCount() != 2) {
      return false;
    }
    int position = node.getInput(0).equals(data) ? 0 : node.getInput(1).equals(data) ? 1 : -1;
    return position >= 0 && isConstant(node, 1 - position, value);
  }

  /**
   * Whether input {@code position} of {@code node} is a one-element constant equal to {@code value}
   * in the precision it is stored in.
   */
  private boolean isConstant(NodeProto node, int position, double value) throws OnnxFileException {
    if (node.getInputCount() <= position || !constants.has(node.getInput(position))) {
      return false;
    }
    Constants.Value constant = constants.get(node.getInput(position), describe(node));
    if (constant.size() != 1) {
      return false;
    }
    double stored = constant.values()[0];
    return constant.float32() ? (float) stored == (float) value : stored == value;
  }

  private Constants.Value constant(NodeProto node, int position) throws OnnxFileException {
    if (node.getInputCount() <= position) {
      throw unsupported(node, "it has no input " + (position + 1));
    }
    Constants.Value value = constants.get(node.getInput(position), describe(node));
    if (value.float32() != (dtype == DType.FLOAT32)) {
      throw unsupported(
          node,
          "its constant '"
              + value.name()
              + "' is "
              + (value.float32() ? "float" : "double")
              + " but the graph's input is "
              + (dtype == DType.FLOAT32 ? "float" : "double"));
    }
    return value;
  }

  private static double floatAttribute(NodeProto node, String name, float fallback) {
    for (AttributeProto attribute : node.getAttributeList()) {
      if (attribute.getName().equals(name)) {
        return Constants.decimal(attribute.getF());
      }
    }
    return Constants.decimal(fallback);
  }

  private static long intAttribute(NodeProto node, String name, long fallback) {
    for (AttributeProto attribute : node.getAttributeList()) {
      if (attribute.getName().equals(name)) {
        return attribute.getI();
      }
    }
    return fallback;
  }

  private static String stringAttribute(NodeProto node, String name, String fallback) {
    for (AttributeProto attribute : node.getAttributeList()) {
      if (attribute.getName().equals(name)) {
        return attribute.getS().toStringUtf8();
      }
    }
    return fallback;
  }

  private static String describe(NodeProto node) {
    return "node '"
        + (node.getName().isEmpty() ? node.getOutput(0) : node.getName())
        + "' ("
        + node.getOpType()
        + ")";
  }

  private OnnxFileException unsupported(NodeProto node, String why) {
    return new OnnxFileException(source + ": cannot read " + describe(node) + ": " + why);
  }
}
