package dev.nabla.io.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.activations.Activations;
import dev.nabla.layers.ActivationLayer;
import dev.nabla.layers.BatchNorm;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Dropout;
import dev.nabla.layers.Layer;
import dev.nabla.network.Network;
import dev.nabla.network.NetworkBuilder;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network's layers as JSON, and back: {@code {"inputSize": 2, "dtype": "float64", "layers":
 * [{"type": "dense", "inputs": 2, "outputs": 4, "bias": true}, {"type": "activation", "activation":
 * "relu"}, {"type": "dropout", "rate": 0.2, "seed": 7}, {"type": "batchNorm", "features": 4,
 * "epsilon": 1e-5, "momentum": 0.1}]}}.
 */
final class Architecture {
  private Architecture() {}

  static ObjectNode toJson(Network network, ObjectMapper mapper) {
    ObjectNode json = mapper.createObjectNode();
    json.put("inputSize", network.inputSize());
    json.put("dtype", network.dtype().toString());
    ArrayNode layers = json.putArray("layers");
    for (Layer layer : network.layers()) {
      ObjectNode node = layers.addObject();
      if (layer instanceof Dense dense) {
        node.put("type", "dense");
        node.put("inputs", dense.inputSize());
        node.put("outputs", dense.outputSize());
        node.put("bias", dense.hasBias());
      } else if (layer instanceof ActivationLayer activation) {
        node.put("type", "activation");
        node.put("activation", activation.activation().spec());
      } else if (layer instanceof Dropout dropout) {
        node.put("type", "dropout");
        node.put("rate", dropout.rate());
        node.put("seed", dropout.seed());
      } else if (layer instanceof BatchNorm batchNorm) {
        node.put("type", "batchNorm");
        node.put("features", batchNorm.inputSize());
        node.put("epsilon", batchNorm.epsilon());
        node.put("momentum", batchNorm.momentum());
      } else {
        throw new IllegalArgumentException(
            "cannot save a layer of type " + layer.getClass().getName());
      }
    }
    return json;
  }

  /**
   * The tensors (parameters and buffers) a network of this architecture holds, by dotted name, with
   * their precision and shape — known before anything is built.
   *
   * @throws IllegalArgumentException if the description is incomplete or inconsistent
   */
  static Map<String, Object[]> expectedTensors(JsonNode json) {
    DType dtype = DType.parse(text(json, "dtype"));
    int width = positive(json, "inputSize");
    Map<String, Object[]> tensors = new LinkedHashMap<>();
    JsonNode layers = json.path("layers");
    if (!layers.isArray()) {
      throw new IllegalArgumentException("the architecture has no list of layers");
    }
    for (int index = 0; index < layers.size(); index++) {
      JsonNode layer = layers.get(index);
      String prefix = "layers." + index + ".";
      switch (text(layer, "type")) {
        case "dense" -> {
          int inputs = positive(layer, "inputs");
          int outputs = positive(layer, "outputs");
          if (inputs != width) {
            throw new IllegalArgumentException(
                "layer "
                    + index
                    + " takes "
                    + inputs
                    + " inputs, but the layer before gives "
                    + width);
          }
          tensors.put(prefix + "weights", new Object[] {dtype, Shape.of(outputs, inputs)});
          if (layer.path("bias").asBoolean(true)) {
            tensors.put(prefix + "bias", new Object[] {dtype, Shape.vector(outputs)});
          }
          width = outputs;
        }
        case "batchNorm" -> {
          int features = positive(layer, "features");
          if (features != width) {
            throw new IllegalArgumentException(
                "layer "
                    + index
                    + " normalises "
                    + features
                    + " features, but the layer before gives "
                    + width);
          }
          for (String name : new String[] {"scale", "shift", "runningMean", "runningVariance"}) {
            tensors.put(prefix + name, new Object[] {dtype, Shape.vector(features)});
          }
        }
        case "dropout" ->
            tensors.put(prefix + "draws", new Object[] {DType.FLOAT64, Shape.vector(1)});
        case "activation" -> Activations.parse(text(layer, "activation"));
        default ->
            throw new IllegalArgumentException(
                "layer " + index + " has unknown type '" + text(layer, "type") + "'");
      }
    }
    return tensors;
  }

  /** Builds the network an architecture describes, with zero weights (filled in by the caller). */
  static Network build(JsonNode json) {
    DType dtype = DType.parse(text(json, "dtype"));
    NetworkBuilder builder = Network.builder(positive(json, "inputSize")).dtype(dtype);
    for (JsonNode layer : json.get("layers")) {
      switch (text(layer, "type")) {
        case "dense" ->
            builder.add(
                new Dense(
                    layer.get("inputs").asInt(),
                    layer.get("outputs").asInt(),
                    layer.path("bias").asBoolean(true),
                    dtype));
        case "activation" ->
            builder.add(new ActivationLayer(Activations.parse(text(layer, "activation"))));
        case "dropout" ->
            builder.add(new Dropout(layer.get("rate").asDouble(), layer.get("seed").asLong()));
        default ->
            builder.add(
                new BatchNorm(
                    layer.get("features").asInt(),
                    layer.get("epsilon").asDouble(),
                    layer.get("momentum").asDouble(),
                    dtype));
      }
    }
    return builder.build();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("missing text field '" + field + "' in " + node);
    }
    return value.asText();
  }

  private static int positive(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToInt() || value.asInt() < 1) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be a positive integer in " + node);
    }
    return value.asInt();
  }
}
