package dev.nabla.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.io.files.AtomicFile;
import dev.nabla.io.model.ArchitectureJson;
import dev.nabla.io.model.Model;
import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.layers.ActivationLayer;
import dev.nabla.layers.Layer;
import dev.nabla.network.Network;
import dev.nabla.onnx.proto.OnnxProto.ModelProto;
import dev.nabla.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.nabla.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.nabla.onnx.proto.OnnxProto.TensorShapeProto;
import dev.nabla.onnx.proto.OnnxProto.TypeProto;
import dev.nabla.onnx.proto.OnnxProto.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Model} as an ONNX model (opset {@value #OPSET}, IR version {@value #IR_VERSION})
 * that onnxruntime and other ONNX runtimes run on raw features.
 *
 * <p>The graph takes {@code features: [batch × inputs]} in the model's precision (float32 or
 * float64) and holds, in order: the scaling ({@code Sub} the offsets, then {@code Div} the scales;
 * left out for {@code none}); each layer as {@link LayerExport} writes it (a dense layer is {@code
 * Gemm} with {@code transB=1}, since Nabla's weights are {@code [out × in]}; dropout is left out;
 * batch normalisation is {@code BatchNormalization} with the running statistics). A classifier
 * whose outputs turn into probabilities has two outputs, {@code logits} and {@code probabilities};
 * any other model has one, {@code outputs}. Class labels, feature names, loss, scaling, provenance
 * and the recipe are in {@code metadata_props} under {@code nabla.*} keys ({@code docs/onnx.md}).
 */
public final class OnnxExport {
  /**
   * The ONNX operator set the graphs use: 17 (ONNX 1.12, 2022), which onnxruntime 1.12 and later,
   * onnxruntime-web, TensorRT 8.5+ and PyTorch's exporter all know.
   */
  public static final int OPSET = 17;

  /** The IR version of opset 17 (ONNX 1.12). */
  public static final int IR_VERSION = 8;

  /** The graph's input. */
  public static final String INPUT = "features";

  static final String LOGITS = "logits";
  static final String PROBABILITIES = "probabilities";
  static final String OUTPUTS = "outputs";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OnnxExport() {}

  /**
   * Writes {@code model} as an ONNX file at {@code path}, atomically.
   *
   * @throws IllegalArgumentException if a layer or activation has no ONNX form
   * @throws IOException naming {@code path} if it cannot be written
   */
  public static void write(Path path, Model model) throws IOException {
    ModelProto proto = toProto(model);
    AtomicFile.write(path, proto::writeTo);
  }

  /**
   * The ONNX model of {@code model}.
   *
   * @throws IllegalArgumentException if a layer or activation has no ONNX form
   */
  public static ModelProto toProto(Model model) {
    Network network = model.network();
    OnnxGraph graph = new OnnxGraph(network.dtype());
    graph.proto().setName("nabla");
    int inputs = network.inputSize();
    graph.proto().addInput(valueInfo(INPUT, graph, inputs));

    String current = INPUT;
    if (!model.scaler().kind().equals("none")) {
      String offset = graph.constant("scaler.offset", model.scaler().offset(), inputs);
      String scale = graph.constant("scaler.scale", model.scaler().scale(), inputs);
      current = graph.node("Sub", List.of(current, offset), "scaler.centred");
      current = graph.node("Div", List.of(current, scale), "scaler.scaled");
    }
    List<Layer> layers = network.layers();
    String beforeLast = current;
    for (int index = 0; index < layers.size(); index++) {
      beforeLast = current;
      current = LayerExport.write(layers.get(index), "layers." + index, current, graph);
    }

    int outputs = network.outputSize();
    Map<String, String> named = new LinkedHashMap<>();
    String networkOutput;
    if (model.hasProbabilities()) {
      switch (model.loss()) {
        case "softmax_cross_entropy" -> {
          named.put(LOGITS, current);
          named.put(
              PROBABILITIES,
              graph.node(
                  "Softmax",
                  List.of(current),
                  "probabilities.Softmax",
                  OnnxGraph.attribute("axis", 1L)));
          networkOutput = LOGITS;
        }
        case "binary_cross_entropy_with_logits" -> {
          named.put(LOGITS, current);
          named.put(
              PROBABILITIES, graph.node("Sigmoid", List.of(current), "probabilities.Sigmoid"));
          networkOutput = LOGITS;
        }
        default -> {
          // The network ends in its own softmax or sigmoid: the logits are what that took.
          Layer last = layers.get(layers.size() - 1);
          if (last instanceof ActivationLayer && !beforeLast.equals(current)) {
            named.put(LOGITS, beforeLast);
          }
          named.put(PROBABILITIES, current);
          networkOutput = PROBABILITIES;
        }
      }
    } else {
      named.put(OUTPUTS, current);
      networkOutput = OUTPUTS;
    }
    for (Map.Entry<String, String> output : named.entrySet()) {
      graph.node("Identity", List.of(output.getValue()), output.getKey());
      graph.proto().addOutput(valueInfo(output.getKey(), graph, outputs));
    }

    ModelProto.Builder proto =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setProducerName("nabla")
            .setProducerVersion(version())
            .setGraph(graph.proto());
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(OnnxMetadata.OUTPUT, networkOutput);
    metadata.put(OnnxMetadata.LOSS, model.loss());
    metadata.put(OnnxMetadata.SCALING, model.scaler().kind());
    metadata.put(
        OnnxMetadata.SCALER,
        json(Map.of("offset", model.scaler().offset(), "scale", model.scaler().scale())));
    metadata.put(OnnxMetadata.FEATURES, json(model.featureNames()));
    metadata.put(OnnxMetadata.LABELS, json(model.labelNames()));
    metadata.put(OnnxMetadata.PROVENANCE, json(model.provenance()));
    metadata.put(
        OnnxMetadata.LAYERS,
        ArchitectureJson.writeLayers(network.layers().stream().map(Layer::spec).toList(), MAPPER)
            .toString());
    if (model.recipe() != null) {
      metadata.put(OnnxMetadata.RECIPE, RecipeJson.toText(model.recipe()));
    }
    metadata.forEach(
        (key, value) ->
            proto.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    return proto.build();
  }

  /** A tensor {@code [batch × width]} of the graph's precision, the batch left symbolic. */
  private static ValueInfoProto valueInfo(String name, OnnxGraph graph, int width) {
    TensorShapeProto shape =
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
            .build();
    TypeProto type =
        TypeProto.newBuilder()
            .setTensorType(
                TypeProto.Tensor.newBuilder()
                    .setElemType(OnnxGraph.elementType(graph.dtype()))
                    .setShape(shape))
            .build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  private static String json(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("lists and maps of strings always write", e);
    }
  }

  private static String version() {
    String version = OnnxExport.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
