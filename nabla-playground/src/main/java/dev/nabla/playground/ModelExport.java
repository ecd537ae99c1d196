package dev.nabla.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.io.data.Scaler;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.network.Network;
import dev.nabla.onnx.OnnxExport;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model file or an ONNX model from the page's state ({@code Engine.modelState}): the browser has
 * the weights, the JVM has nabla-io's and nabla-onnx's writers, so the local server writes the file
 * the page downloads. The network is rebuilt from the recipe and every parameter set to the page's
 * values, each checked for its shape.
 */
final class ModelExport {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ModelExport() {}

  /**
   * The model file's bytes.
   *
   * @throws IllegalArgumentException naming the part of the state at fault
   */
  static byte[] modelFile(String state) throws IOException {
    Model model = model(state);
    Path temporary = Files.createTempFile("nabla-playground", ".nabla");
    try {
      ModelFile.write(temporary, model);
      return Files.readAllBytes(temporary);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * The ONNX model's bytes ({@link OnnxExport}: raw features in, the scaling in the graph).
   *
   * @throws IllegalArgumentException naming the part of the state at fault, or a layer without an
   *     ONNX form
   */
  static byte[] onnxFile(String state) throws IOException {
    return OnnxExport.toProto(model(state)).toByteArray();
  }

  /**
   * The page's model: its recipe's network with the page's weights, its scaler and names.
   *
   * @throws IllegalArgumentException naming the part of the state at fault
   */
  static Model model(String state) throws IOException {
    JsonNode json = MAPPER.readTree(state);
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("model state: not a JSON object");
    }
    Recipe recipe = RecipeJson.fromTree(json.path("recipe"));
    List<String> features = texts(json.path("features"));
    List<String> labels = texts(json.path("labels"));
    Network network = recipe.network(features.size());
    int set = 0;
    for (Map.Entry<String, JsonNode> entry : json.path("parameters").properties()) {
      JsonNode shapeNode = entry.getValue().path("shape");
      int[] dimensions = new int[shapeNode.size()];
      for (int axis = 0; axis < dimensions.length; axis++) {
        dimensions[axis] = shapeNode.get(axis).asInt();
      }
      JsonNode valuesNode = entry.getValue().path("values");
      double[] values = new double[valuesNode.size()];
      for (int at = 0; at < values.length; at++) {
        values[at] = valuesNode.get(at).asDouble();
      }
      network.setParameter(
          entry.getKey(), Tensor.fromFlat(network.dtype(), Shape.of(dimensions), values));
      set++;
    }
    if (set != network.parameters().size()) {
      throw new IllegalArgumentException(
          "model state: " + set + " parameters for a network of " + network.parameters().size());
    }
    JsonNode scaler = json.path("scaler");
    return new Model(
        network,
        recipe.loss(),
        new Scaler(
            scaler.path("kind").asText(),
            numbers(scaler.path("offset")),
            numbers(scaler.path("scale"))),
        features,
        labels,
        Map.of("source", "nabla playground"),
        recipe);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static double[] numbers(JsonNode array) {
    double[] numbers = new double[array.size()];
    for (int at = 0; at < numbers.length; at++) {
      numbers[at] = array.get(at).asDouble();
    }
    return numbers;
  }
}
