package dev.nabla.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nabla.io.data.Scaler;
import dev.nabla.io.model.ArchitectureJson;
import dev.nabla.io.model.Model;
import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.layers.Dropout;
import dev.nabla.layers.Layer;
import dev.nabla.layers.LayerSpec;
import dev.nabla.network.Network;
import dev.nabla.network.NetworkBuilder;
import dev.nabla.onnx.proto.OnnxProto.GraphProto;
import dev.nabla.onnx.proto.OnnxProto.ModelProto;
import dev.nabla.onnx.proto.OnnxProto.NodeProto;
import dev.nabla.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.nabla.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.nabla.onnx.proto.OnnxProto.TensorProto;
import dev.nabla.onnx.proto.OnnxProto.TensorShapeProto;
import dev.nabla.onnx.proto.OnnxProto.TypeProto;
import dev.nabla.onnx.proto.OnnxProto.ValueInfoProto;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Reads an ONNX model of a multilayer perceptron as a Nabla {@link Model}: the subset that {@code
 * torch.onnx.export} writes for an {@code nn.Sequential} of {@code Linear} layers and activations
 * (see {@link GraphReader} for the operators), and every model {@link OnnxExport} writes, which
 * reads back with its scaling, labels, feature names, loss and recipe.
 *
 * <p>A file from elsewhere has no labels or loss: it becomes a model of its raw outputs (loss
 * {@code mse}), with features named {@code x1}, {@code x2}, …
 */
public final class OnnxImport {
  /** The newest IR version read: 11 (ONNX 1.18 and later). */
  public static final int NEWEST_IR_VERSION = 11;

  /** The opsets read: 7 (ONNX 1.2) to 23 (ONNX 1.18). */
  public static final int OLDEST_OPSET = 7;

  public static final int NEWEST_OPSET = 23;

  /** The largest file read: protobuf's own limit for one message. */
  private static final long MAX_BYTES = Integer.MAX_VALUE;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OnnxImport() {}

  /**
   * The model in the ONNX file at {@code path}.
   *
   * @throws OnnxFileException naming the file and what is wrong: not ONNX, truncated, an operator
   *     or opset it does not read, an input without a fixed width, weights whose shapes disagree
   * @throws IOException if the file cannot be read
   */
  public static Model read(Path path) throws IOException {
    long size = Files.size(path);
    if (size > MAX_BYTES) {
      throw new OnnxFileException(path + ": " + size + " bytes, more than one ONNX model can hold");
    }
    return read(Files.readAllBytes(path), path.toString());
  }

  /**
   * The model in {@code bytes}, named {@code source} in errors.
   *
   * @throws OnnxFileException as {@link #read(Path)}
   */
  public static Model read(byte[] bytes, String source) throws OnnxFileException {
    ModelProto proto;
    try {
      proto = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxFileException(
          source + ": not an ONNX model, or a truncated one (" + e.getMessage() + ")", e);
    }
    return read(proto, source);
  }

  /**
   * The model {@code proto} holds.
   *
   * @throws OnnxFileException as {@link #read(Path)}
   */
  public static Model read(ModelProto proto, String source) throws OnnxFileException {
    if (!proto.hasGraph() || proto.getIrVersion() <= 0 || proto.getGraph().getNodeCount() == 0) {
      throw new OnnxFileException(
          source + ": not an ONNX model (no IR version or no graph of nodes)");
    }
    if (proto.getIrVersion() > NEWEST_IR_VERSION) {
      throw new OnnxFileException(
          source
              + ": IR version "
              + proto.getIrVersion()
              + " is newer than this Nabla reads ("
              + NEWEST_IR_VERSION
              + " at most)");
    }
    int opset = opset(proto, source);
    GraphProto graph = proto.getGraph();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (StringStringEntryProto entry : proto.getMetadataPropsList()) {
      metadata.put(entry.getKey(), entry.getValue());
    }

    Constants constants = new Constants(source);
    Set<String> initializers = new HashSet<>();
    for (TensorProto tensor : graph.getInitializerList()) {
      constants.add(tensor);
      initializers.add(tensor.getName());
    }
    List<NodeProto> nodes = new ArrayList<>();
    for (NodeProto node : graph.getNodeList()) {
      if (node.getOpType().equals("Constant") && node.getDomain().isEmpty()) {
        constants.add(node);
      } else {
        nodes.add(node);
      }
    }

    List<ValueInfoProto> inputs = new ArrayList<>();
    for (ValueInfoProto input : graph.getInputList()) {
      if (!initializers.contains(input.getName())) {
        inputs.add(input);
      }
    }
    if (inputs.size() != 1) {
      throw new OnnxFileException(
          source + ": the graph has " + inputs.size() + " inputs; Nabla reads graphs of one input");
    }
    ValueInfoProto input = inputs.get(0);
    DType dtype = dtype(input, source);
    int width = width(input, source);

    String output = metadata.get(OnnxMetadata.OUTPUT);
    if (output == null) {
      if (graph.getOutputCount() != 1) {
        throw new OnnxFileException(
            source
                + ": the graph has "
                + graph.getOutputCount()
                + " outputs; Nabla reads graphs of one output");
      }
      output = graph.getOutput(0).getName();
    }

    GraphReader reader =
        new GraphReader(
            source, onPath(nodes, output), constants, dtype, opset, input.getName(), width);
    reader.readUntil(output);
    if (reader.layers().isEmpty()) {
      throw new OnnxFileException(source + ": the graph has no layers between input and output");
    }
    Recipe recipe = recipe(metadata, source);
    List<LayerSpec> specs = layerSpecs(metadata, source);
    List<Layer> layers =
        specs == null ? reader.layers() : withDropout(reader.layers(), specs, width, dtype);
    NetworkBuilder builder = Network.builder(width).dtype(dtype);
    layers.forEach(builder::add);
    Network network = builder.build();
    return model(network, reader, metadata, proto, source, recipe);
  }

  /**
   * The layers read, with the dropout layers of a Nabla export put back where they were, with their
   * settings: the graph leaves them out (they are the identity in inference), but the model's
   * recipe, which replays the run, has them, and fine-tuning uses them.
   */
  private static List<Layer> withDropout(
      List<Layer> read, List<LayerSpec> specs, int width, DType dtype) {
    List<Layer> layers = new ArrayList<>();
    int next = 0;
    int features = width;
    for (LayerSpec spec : specs) {
      if (spec.type().equals(Dropout.TYPE.name())) {
        layers.add(Dropout.TYPE.create(spec.config(), features, dtype, new SplittableRandom(0)));
      } else if (next < read.size()) {
        Layer layer = read.get(next++);
        features = layer.outputSize(features);
        layers.add(layer);
      }
    }
    // Layers the list does not have stay, so that the model's check names the difference.
    layers.addAll(read.subList(next, read.size()));
    return layers;
  }

  /** The nodes whose outputs the graph's output depends on, in file order. */
  private static List<NodeProto> onPath(List<NodeProto> nodes, String output) {
    Map<String, NodeProto> producers = new HashMap<>();
    for (NodeProto node : nodes) {
      for (String name : node.getOutputList()) {
        producers.put(name, node);
      }
    }
    Set<NodeProto> needed = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>(List.of(output));
    while (!pending.isEmpty()) {
      NodeProto producer = producers.get(pending.pop());
      if (producer != null && needed.add(producer)) {
        pending.addAll(producer.getInputList());
      }
    }
    return nodes.stream().filter(needed::contains).toList();
  }

  private static int opset(ModelProto proto, String source) throws OnnxFileException {
    for (OperatorSetIdProto opset : proto.getOpsetImportList()) {
      if (opset.getDomain().isEmpty() || opset.getDomain().equals("ai.onnx")) {
        long version = opset.getVersion();
        if (version < OLDEST_OPSET || version > NEWEST_OPSET) {
          throw new OnnxFileException(
              source
                  + ": opset "
                  + version
                  + " is not one this Nabla reads ("
                  + OLDEST_OPSET
                  + " to "
                  + NEWEST_OPSET
                  + ")");
        }
        return (int) version;
      }
    }
    throw new OnnxFileException(source + ": the model imports no version of ONNX's own opset");
  }

  private static DType dtype(ValueInfoProto input, String source) throws OnnxFileException {
    TypeProto type = input.getType();
    int element = type.hasTensorType() ? type.getTensorType().getElemType() : 0;
    if (element == TensorProto.DataType.FLOAT_VALUE) {
      return DType.FLOAT32;
    }
    if (element == TensorProto.DataType.DOUBLE_VALUE) {
      return DType.FLOAT64;
    }
    throw new OnnxFileException(
        source
            + ": input '"
            + input.getName()
            + "' is "
            + (type.hasTensorType()
                ? "a tensor of " + TensorProto.DataType.forNumber(element)
                : "not a tensor")
            + "; Nabla reads float or double tensors");
  }

  /**
   * The input's width: {@code [batch × width]}, or {@code [batch × d1 × d2 …]} flattened, every
   * dimension but the batch fixed.
   */
  private static int width(ValueInfoProto input, String source) throws OnnxFileException {
    TypeProto.Tensor tensor = input.getType().getTensorType();
    if (!tensor.hasShape() || tensor.getShape().getDimCount() < 2) {
      throw new OnnxFileException(
          source
              + ": input '"
              + input.getName()
              + "' has "
              + (tensor.hasShape() ? "rank " + tensor.getShape().getDimCount() : "no shape")
              + "; Nabla reads a batch of feature rows, [batch × features]");
    }
    long width = 1;
    List<TensorShapeProto.Dimension> dimensions = tensor.getShape().getDimList();
    for (int axis = 1; axis < dimensions.size(); axis++) {
      TensorShapeProto.Dimension dimension = dimensions.get(axis);
      if (!dimension.hasDimValue() || dimension.getDimValue() < 1) {
        throw new OnnxFileException(
            source
                + ": input '"
                + input.getName()
                + "' has a dynamic size '"
                + (dimension.hasDimParam() ? dimension.getDimParam() : "?")
                + "' on axis "
                + axis
                + "; Nabla needs every dimension but the batch (axis 0) fixed");
      }
      width *= dimension.getDimValue();
      if (width > Integer.MAX_VALUE) {
        throw new OnnxFileException(source + ": input '" + input.getName() + "' is too wide");
      }
    }
    return (int) width;
  }

  private static Model model(
      Network network,
      GraphReader reader,
      Map<String, String> metadata,
      ModelProto proto,
      String source,
      Recipe recipe)
      throws OnnxFileException {
    int inputs = network.inputSize();
    List<String> features = list(metadata, OnnxMetadata.FEATURES, source);
    if (features == null) {
      features = new ArrayList<>();
      for (int i = 1; i <= inputs; i++) {
        features.add("x" + i);
      }
    }
    List<String> labels = list(metadata, OnnxMetadata.LABELS, source);
    String loss = metadata.getOrDefault(OnnxMetadata.LOSS, "mse");
    Scaler scaler;
    if (reader.offset() == null) {
      double[] ones = new double[inputs];
      Arrays.fill(ones, 1);
      scaler = new Scaler("none", new double[inputs], ones);
    } else {
      String kind = metadata.getOrDefault(OnnxMetadata.SCALING, "standard");
      double[] offset = reader.offset();
      double[] scale = reader.scale();
      Map<String, double[]> exact = exactScaler(metadata, source);
      if (exact != null
          && roundsTo(exact.get("offset"), offset, network.dtype())
          && roundsTo(exact.get("scale"), scale, network.dtype())) {
        offset = exact.get("offset");
        scale = exact.get("scale");
      }
      scaler = new Scaler(kind, offset, scale);
    }
    Map<String, String> provenance = new LinkedHashMap<>();
    String stored = metadata.get(OnnxMetadata.PROVENANCE);
    if (stored != null) {
      try {
        provenance.putAll(MAPPER.readValue(stored, new TypeReference<Map<String, String>>() {}));
      } catch (JsonProcessingException e) {
        throw new OnnxFileException(
            source + ": metadata '" + OnnxMetadata.PROVENANCE + "' is not a JSON object of strings",
            e);
      }
    } else {
      provenance.put(
          "onnx_producer", (proto.getProducerName() + " " + proto.getProducerVersion()).strip());
      provenance.put("imported_from", source);
    }
    try {
      return new Model(
          network, loss, scaler, features, labels == null ? List.of() : labels, provenance, recipe);
    } catch (IllegalArgumentException e) {
      throw new OnnxFileException(source + ": " + e.getMessage(), e);
    }
  }

  /** The float64 scaler Nabla stores beside a graph's rounded one, or null. */
  private static Map<String, double[]> exactScaler(Map<String, String> metadata, String source)
      throws OnnxFileException {
    String text = metadata.get(OnnxMetadata.SCALER);
    if (text == null) {
      return null;
    }
    try {
      return MAPPER.readValue(text, new TypeReference<Map<String, double[]>>() {});
    } catch (JsonProcessingException e) {
      throw new OnnxFileException(
          source + ": metadata '" + OnnxMetadata.SCALER + "' is not offsets and scales", e);
    }
  }

  /**
   * Whether {@code exact}, rounded to {@code dtype}, is {@code graph}: the graph was not edited.
   */
  private static boolean roundsTo(double[] exact, double[] graph, DType dtype) {
    if (exact == null || exact.length != graph.length) {
      return false;
    }
    for (int i = 0; i < exact.length; i++) {
      double rounded = dtype == DType.FLOAT32 ? (float) exact[i] : exact[i];
      if (rounded != graph[i]) {
        return false;
      }
    }
    return true;
  }

  /** The layer specs Nabla stores in the metadata, or null. */
  private static List<LayerSpec> layerSpecs(Map<String, String> metadata, String source)
      throws OnnxFileException {
    String text = metadata.get(OnnxMetadata.LAYERS);
    if (text == null) {
      return null;
    }
    try {
      return ArchitectureJson.readLayers(MAPPER.readTree(text), OnnxMetadata.LAYERS);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new OnnxFileException(
          source + ": metadata '" + OnnxMetadata.LAYERS + "' is not a list of layers", e);
    }
  }

  /** The recipe in the metadata, or null. */
  private static Recipe recipe(Map<String, String> metadata, String source)
      throws OnnxFileException {
    String text = metadata.get(OnnxMetadata.RECIPE);
    if (text == null) {
      return null;
    }
    try {
      return RecipeJson.parse(text, source + " metadata '" + OnnxMetadata.RECIPE + "'");
    } catch (IllegalArgumentException e) {
      throw new OnnxFileException(source + ": " + e.getMessage(), e);
    }
  }

  private static List<String> list(Map<String, String> metadata, String key, String source)
      throws OnnxFileException {
    String text = metadata.get(key);
    if (text == null) {
      return null;
    }
    try {
      return MAPPER.readValue(text, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new OnnxFileException(
          source + ": metadata '" + key + "' is not a JSON array of strings", e);
    }
  }
}
