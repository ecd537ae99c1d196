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
   * Reads an architecture written by model format {@code version}.
   *
   * @throws IllegalArgumentException naming the field or layer at fault
   */
  public static Architecture read(JsonNode json, int version) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("the architecture is not a JSON object");
    }
    DType dtype;
    try {
      dtype = DType.parse(Json.text(json, "dtype", "architecture"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("architecture.dtype: " + e.getMessage(), e);
    }
    int inputSize = Json.integer(json, "inputSize", "architecture");
    if (inputSize < 1) {
      throw new IllegalArgumentException(
          "architecture.inputSize must be at least 1, got " + inputSize);
    }
    List<LayerSpec> layers = readLayers(json.get("layers"), "architecture.layers");
    if (version == 1) {
      layers = fromVersion1(layers, inputSize);
    }
    return new Architecture(inputSize, dtype, layers);
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
    int width = inputSize;
    for (int index = 0; index < layers.size(); index++) {
      LayerSpec layer = layers.get(index);
      Config config = layer.config();
      switch (layer.type()) {
        case "dense" -> {
          int inputs = config.integer("inputs", 1);
          int outputs = config.integer("outputs", 1);
          if (inputs != width) {
            throw new IllegalArgumentException(
                "layer "
                    + index
                    + " takes "
                    + inputs
                    + " inputs, but the layer before gives "
                    + width);
          }
          config = Config.of("units", outputs, "bias", config.bool("bias", true));
          width = outputs;
        }
        case "batchNorm" -> {
          int features = config.integer("features", 1);
          if (features != width) {
            throw new IllegalArgumentException(
                "layer "
                    + index
                    + " normalises "
                    + features
                    + " features, but the layer before gives "
                    + width);
          }
          config = config.without("features");
        }
        default -> {
          // activation and dropout were written as they are now
        }
      }
      converted.add(new LayerSpec(layer.type(), config));
    }
    return converted;
  }
}
