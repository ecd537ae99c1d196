package dev.nabla.io.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.config.Config;
import dev.nabla.io.recipe.Json;
import dev.nabla.layers.LayerSpec;
import dev.nabla.layers.LayerTypes;
import dev.nabla.network.Architecture;
import dev.nabla.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Architectures and layer lists as JSON, through the layer registry: a layer is its type and its
 * settings side by side, {@code {"type": "dense", "units": 4, "bias": true}}; the architecture adds
 * the input width and precision, {@code {"inputSize": 2, "dtype": "float64", "layers": [...]}}.
 *
 * <p>Model files of format version 1 wrote some layers otherwise ({@code dense} with {@code inputs}
 * and {@code outputs}, {@code batchNorm} with {@code features}); {@link #read} takes both, checking
 * the widths version 1 stated against the widths that follow from the layers.
 */
public final class ArchitectureJson {
  private ArchitectureJson() {}

  /** The architecture as JSON. */
  public static ObjectNode write(Architecture architecture, ObjectMapper mapper) {
    ObjectNode json = mapper.createObjectNode();
    json.put("inputSize", architecture.inputSize());
    json.put("dtype", architecture.dtype().toString());
    json.set("layers", writeLayers(architecture.layers(), mapper));
    return json;
  }

  /** Layers as a JSON array. */
  public static ArrayNode writeLayers(List<LayerSpec> layers, ObjectMapper mapper) {
    ArrayNode array = mapper.createArrayNode();
    for (LayerSpec layer : layers) {
      Json.put(array.addObject(), layer.type(), layer.config());
    }
    return array;
  }

  /**
   * Reads an architecture written by model format {@code version}. Unlike a recipe's layers, a
   * model file's state every setting: a layer type fills in one left out with its default, which
   * need not be the value the model was trained with.
   *
   * @throws IllegalArgumentException naming the field or layer at fault
   */
  public static Architecture read(JsonNode json, int version) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(
          "architecture must be an object" + (json == null ? ", but it is missing" : ""));
    }
    Json.requireOnly(json, List.of("inputSize", "dtype", "layers"), "architecture");
    DType dtype;
    try {
      dtype = DType.parse(Json.text(json, "dtype", "architecture"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().startsWith("architecture.dtype")
              ? e.getMessage()
              : "architecture.dtype: " + e.getMessage(),
          e);
    }
    int inputSize = Json.integer(json, "inputSize", "architecture");
    if (inputSize < 1) {
      throw new IllegalArgumentException(
          "architecture.inputSize must be at least 1, got " + inputSize);
    }
    List<LayerSpec> layers = readLayers(json.get("layers"), "architecture.layers");
    if (version == 1) {
      requireStated(layers, VERSION_1_SETTINGS);
      layers = fromVersion1(layers, inputSize);
    }
    requireStated(layers, SETTINGS);
    try {
      return new Architecture(inputSize, dtype, layers);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("architecture: " + e.getMessage(), e);
    }
  }

  /**
   * The settings a model file states for each built-in layer type: all those it takes, but a dense
   * layer's initializers, which its stored weights make moot. A type registered by a program states
   * all of its settings.
   */
  private static final Map<String, List<String>> SETTINGS =
      Map.of(
          "dense", List.of("units", "bias"),
          "activation", List.of("activation"),
          "batchNorm", List.of("epsilon", "momentum"),
          "dropout", List.of("rate", "seed"));

  /** Version 1's dense and batch-norm layers stated their widths instead. */
  private static final Map<String, List<String>> VERSION_1_SETTINGS =
      Map.of(
          "dense", List.of("inputs", "outputs", "bias"),
          "activation", List.of("activation"),
          "batchNorm", List.of("features", "epsilon", "momentum"),
          "dropout", List.of("rate", "seed"));

  private static void requireStated(List<LayerSpec> layers, Map<String, List<String>> settings) {
    for (int index = 0; index < layers.size(); index++) {
      LayerSpec layer = layers.get(index);
      List<String> stated =
          settings.getOrDefault(layer.type(), LayerTypes.get(layer.type()).settings());
      for (String setting : stated) {
        if (!layer.config().has(setting)) {
          throw new IllegalArgumentException(
              "architecture.layers["
                  + index
                  + "]."
                  + setting
                  + " is missing; a model file states every setting of its "
                  + layer.type()
                  + " layers");
        }
      }
    }
  }

  /**
   * Reads a JSON array of layers; each layer's settings are checked later, against its input width.
   *
   * @throws IllegalArgumentException naming the layer at fault
   */
  public static List<LayerSpec> readLayers(JsonNode array, String path) {
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException(path + " must be a list of layers");
    }
    List<LayerSpec> layers = new ArrayList<>();
    for (int index = 0; index < array.size(); index++) {
      JsonNode layer = array.get(index);
      String where = path + "[" + index + "]";
      if (!layer.isObject()) {
        throw new IllegalArgumentException(where + " must be an object, got " + layer);
      }
      String type = Json.text(layer, "type", where);
      try {
        LayerTypes.get(type);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
      layers.add(new LayerSpec(type, Json.config(layer, where)));
    }
    return layers;
  }

  /** Version 1's dense and batch-norm settings, checked against the widths, as today's. */
  private static List<LayerSpec> fromVersion1(List<LayerSpec> layers, int inputSize) {
    List<LayerSpec> converted = new ArrayList<>();
    int[] width = {inputSize};
    for (int index = 0; index < layers.size(); index++) {
      LayerSpec layer = layers.get(index);
      try {
        converted.add(new LayerSpec(layer.type(), fromVersion1(layer, width)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "architecture.layers[" + index + "] (" + layer.type() + "): " + e.getMessage(), e);
      }
    }
    return converted;
  }

  /** One layer's settings as today's; {@code width} is its input width, then its output's. */
  private static Config fromVersion1(LayerSpec layer, int[] width) {
    Config config = layer.config();
    switch (layer.type()) {
      case "dense" -> {
        config.requireOnly(VERSION_1_SETTINGS.get("dense"));
        int inputs = config.integer("inputs", 1);
        int outputs = config.integer("outputs", 1);
        requireWidth("inputs", inputs, width[0]);
        width[0] = outputs;
        return Config.of("units", outputs, "bias", config.bool("bias"));
      }
      case "batchNorm" -> {
        requireWidth("features", config.integer("features", 1), width[0]);
        return config.without("features");
      }
      default -> {
        return config; // activation and dropout were written as they are now
      }
    }
  }

  private static void requireWidth(String setting, int stated, int width) {
    if (stated != width) {
      throw new IllegalArgumentException(
          setting + " is " + stated + ", but the layer's input is " + width + " wide");
    }
  }
}
