package dev.nabla.onnx;

import static dev.nabla.onnx.OnnxGraph.attribute;

import dev.nabla.layers.ActivationLayer;
import dev.nabla.layers.BatchNorm;
import dev.nabla.layers.Layer;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Each layer type as ONNX nodes, keyed by its registered name ({@link Layer#spec()}), reading the
 * layer's tensors by their own names ({@code weights}, {@code bias}, {@code scale}, …).
 */
final class LayerExport {
  /** Writes one layer's nodes reading {@code input}; returns the output's name. */
  @FunctionalInterface
  interface Writer {
    String write(Layer layer, String name, String input, OnnxGraph graph);
  }

  private static final Map<String, Writer> WRITERS =
      Map.of(
          "dense", LayerExport::dense,
          "activation", LayerExport::activation,
          "batchNorm", LayerExport::batchNorm,
          // Dropout is the identity in inference.
          "dropout", (layer, name, input, graph) -> input);

  private LayerExport() {}

  /**
   * Writes {@code layer}'s nodes; {@code name} is its position's prefix, e.g. {@code layers.0}.
   *
   * @throws IllegalArgumentException for a layer type with no ONNX form, naming it
   */
  static String write(Layer layer, String name, String input, OnnxGraph graph) {
    String type = layer.spec().type();
    Writer writer = WRITERS.get(type);
    if (writer == null) {
      throw new IllegalArgumentException(
          name + " is a '" + type + "' layer, which has no ONNX form in this Nabla");
    }
    return writer.write(layer, name, input, graph);
  }

  /**
   * {@code z = x·Wᵀ + b} is {@code Gemm(x, W, b, transB=1)}; without bias, {@code C} is left out.
   */
  private static String dense(Layer layer, String name, String input, OnnxGraph graph) {
    Tensor weights = layer.parameters().get("weights").value();
    List<String> inputs = new ArrayList<>();
    inputs.add(input);
    inputs.add(
        graph.constant(
            name + ".weights",
            weights,
            weights.shape().dimension(0),
            weights.shape().dimension(1)));
    if (layer.parameters().containsKey("bias")) {
      Tensor bias = layer.parameters().get("bias").value();
      inputs.add(graph.constant(name + ".bias", bias, bias.size()));
    }
    return graph.node("Gemm", inputs, name + ".Gemm", attribute("transB", 1L));
  }

  private static String activation(Layer layer, String name, String input, OnnxGraph graph) {
    return ActivationExport.write(((ActivationLayer) layer).activation(), name, input, graph);
  }

  /**
   * Inference-form batch normalisation: {@code y = scale·(x − runningMean)/√(runningVariance + ε) +
   * shift}, ONNX's {@code BatchNormalization} with {@code training_mode} 0.
   */
  private static String batchNorm(Layer layer, String name, String input, OnnxGraph graph) {
    Map<String, Tensor> buffers = layer.buffers();
    Tensor scale = layer.parameters().get("scale").value();
    int features = scale.size();
    double epsilon = layer.spec().config().number("epsilon", BatchNorm.DEFAULT_EPSILON);
    List<String> inputs =
        List.of(
            input,
            graph.constant(name + ".scale", scale, features),
            graph.constant(name + ".shift", layer.parameters().get("shift").value(), features),
            graph.constant(name + ".runningMean", buffers.get("runningMean"), features),
            graph.constant(name + ".runningVariance", buffers.get("runningVariance"), features));
    return graph.node(
        "BatchNormalization",
        inputs,
        name + ".BatchNormalization",
        attribute("epsilon", (float) epsilon));
  }
}
