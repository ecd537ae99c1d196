package dev.nabla.onnx;

import static dev.nabla.onnx.OnnxGraph.attribute;

import dev.nabla.activations.Activation;
import dev.nabla.activations.Elu;
import dev.nabla.activations.LeakyRelu;
import dev.nabla.tensor.DType;
import java.util.List;
import java.util.Map;

/**
 * Each activation as ONNX nodes. Most are one operator of the same name. {@code LeakyRelu} takes
 * its slope as a float attribute: when a float64 model's slope is not exactly a float (−0.2 is
 * not), the attribute would change the model, so it is written as {@code PRelu} with a float64
 * slope tensor instead. In float64, ELU and softplus are written in elementary operators
 * (onnxruntime has no float64 {@code Elu} or {@code Softplus} kernel, and {@code Elu}'s alpha is a
 * float). GELU is written in its exact erf form, {@code x·½·(1 + erf(x/√2))}, which every opset
 * since 13 has for float64 too (the {@code Gelu} operator came only in opset 20); onnxruntime's CPU
 * provider has no float64 {@code Erf}, so a float64 model with GELU is valid ONNX that onnxruntime
 * does not run: export it in float32.
 */
final class ActivationExport {
  /** Writes one activation's nodes reading {@code input}; returns the output's name. */
  @FunctionalInterface
  interface Writer {
    String write(Activation activation, String name, String input, OnnxGraph graph);
  }

  private static final Map<String, Writer> WRITERS =
      Map.of(
          "identity", (activation, name, input, graph) -> input,
          "relu", simple("Relu"),
          "sigmoid", simple("Sigmoid"),
          "tanh", simple("Tanh"),
          "softplus", ActivationExport::softplus,
          "softmax", ActivationExport::softmax,
          "leaky_relu", ActivationExport::leakyRelu,
          "elu", ActivationExport::elu,
          "gelu", ActivationExport::gelu);

  private ActivationExport() {}

  /**
   * Writes {@code activation}, named by its spec's name ({@code leaky_relu(-0.2)} is {@code
   * leaky_relu}).
   *
   * @throws IllegalArgumentException for an activation with no ONNX form
   */
  static String write(Activation activation, String name, String input, OnnxGraph graph) {
    String spec = activation.spec();
    int parenthesis = spec.indexOf('(');
    String kind = parenthesis < 0 ? spec : spec.substring(0, parenthesis);
    Writer writer = WRITERS.get(kind);
    if (writer == null) {
      throw new IllegalArgumentException(
          name + ": the activation '" + spec + "' has no ONNX form in this Nabla");
    }
    return writer.write(activation, name, input, graph);
  }

  private static Writer simple(String op) {
    return (activation, name, input, graph) -> graph.node(op, List.of(input), name + "." + op);
  }

  private static String softmax(Activation activation, String name, String input, OnnxGraph graph) {
    return graph.node("Softmax", List.of(input), name + ".Softmax", attribute("axis", 1L));
  }

  /** Whether {@code value} reaches the graph's precision unchanged through a float attribute. */
  private static boolean fitsAttribute(double value, OnnxGraph graph) {
    return graph.dtype() == DType.FLOAT32 || (double) (float) value == value;
  }

  private static String leakyRelu(
      Activation activation, String name, String input, OnnxGraph graph) {
    double slope = ((LeakyRelu) activation).slope();
    if (fitsAttribute(slope, graph)) {
      return graph.node(
          "LeakyRelu", List.of(input), name + ".LeakyRelu", attribute("alpha", (float) slope));
    }
    // f(x) = x for x > 0, else slope·x: PRelu with a constant slope tensor is exactly that.
    String slopeTensor = graph.constant(name + ".slope", new double[] {slope});
    return graph.node("PRelu", List.of(input, slopeTensor), name + ".PRelu");
  }

  private static String elu(Activation activation, String name, String input, OnnxGraph graph) {
    double alpha = ((Elu) activation).alpha();
    if (graph.dtype() == DType.FLOAT32) {
      return graph.node("Elu", List.of(input), name + ".Elu", attribute("alpha", (float) alpha));
    }
    // α·Elu₁(x) for x ≤ 0 and x for x > 0: Where(x > 0, x, α·(eˣ − 1)), α a float64 tensor.
    String zero = graph.constant(name + ".zero", new double[] {0});
    String one = graph.constant(name + ".one", new double[] {1});
    String alphaTensor = graph.constant(name + ".alpha", new double[] {alpha});
    String positive = graph.node("Greater", List.of(input, zero), name + ".positive");
    String exp = graph.node("Exp", List.of(input), name + ".exp");
    String expm1 = graph.node("Sub", List.of(exp, one), name + ".expm1");
    String negative = graph.node("Mul", List.of(expm1, alphaTensor), name + ".negative");
    return graph.node("Where", List.of(positive, input, negative), name + ".Elu");
  }

  private static String softplus(
      Activation activation, String name, String input, OnnxGraph graph) {
    if (graph.dtype() == DType.FLOAT32) {
      return graph.node("Softplus", List.of(input), name + ".Softplus");
    }
    // ln(1 + eˣ) = max(x, 0) + ln(1 + e^(−|x|)), which never overflows (as Nabla computes it).
    String one = graph.constant(name + ".one", new double[] {1});
    String positivePart = graph.node("Relu", List.of(input), name + ".positivePart");
    String magnitude = graph.node("Abs", List.of(input), name + ".magnitude");
    String negated = graph.node("Neg", List.of(magnitude), name + ".negated");
    String exp = graph.node("Exp", List.of(negated), name + ".exp");
    String onePlus = graph.node("Add", List.of(exp, one), name + ".onePlusExp");
    String log = graph.node("Log", List.of(onePlus), name + ".log");
    return graph.node("Add", List.of(positivePart, log), name + ".Softplus");
  }

  private static String gelu(Activation activation, String name, String input, OnnxGraph graph) {
    // x·½·(1 + erf(x/√2)), the order of operations torch.onnx.export writes.
    String sqrt2 = graph.constant(name + ".sqrt2", new double[] {Math.sqrt(2)});
    String one = graph.constant(name + ".one", new double[] {1});
    String half = graph.constant(name + ".half", new double[] {0.5});
    String scaled = graph.node("Div", List.of(input, sqrt2), name + ".scaled");
    String erf = graph.node("Erf", List.of(scaled), name + ".erf");
    String onePlus = graph.node("Add", List.of(erf, one), name + ".onePlusErf");
    String product = graph.node("Mul", List.of(input, onePlus), name + ".product");
    return graph.node("Mul", List.of(product, half), name + ".Gelu");
  }
}
