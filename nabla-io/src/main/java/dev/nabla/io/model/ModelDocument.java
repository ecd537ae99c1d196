package dev.nabla.io.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.io.data.Scaler;
import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.network.Architecture;
import dev.nabla.network.Network;
import dev.nabla.recipe.Recipe;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model file's own JSON document (the {@code nabla} metadata), read and checked field by field
 * before anything is built: each field there, of its type, known, and consistent with the others
 * and with the architecture's widths. Every error names the field.
 *
 * @param recipe null if the model has none
 */
record ModelDocument(
    Architecture architecture,
    String loss,
    List<String> features,
    List<String> labels,
    Scaler scaler,
    Map<String, String> provenance,
    Recipe recipe) {
  private static final List<String> FIELDS =
      List.of(
          "format",
          "version",
          "architecture",
          "loss",
          "task",
          "labels",
          "features",
          "preprocessing",
          "provenance");
  private static final List<String> PREPROCESSING = List.of("scaling", "offset", "scale");

  /** The document of {@code model}, in format {@link ModelFile#VERSION}. */
  static ObjectNode write(Model model, ObjectMapper mapper) {
    ObjectNode document = mapper.createObjectNode();
    document.put("format", ModelFile.FORMAT);
    document.put("version", ModelFile.VERSION);
    document.set("architecture", ArchitectureJson.write(Architecture.of(model.network()), mapper));
    document.put("loss", model.loss());
    document.put("task", model.isClassification() ? "classification" : "regression");
    document.set("labels", mapper.valueToTree(model.labelNames()));
    document.set("features", mapper.valueToTree(model.featureNames()));
    ObjectNode scaling = document.putObject("preprocessing");
    scaling.put("scaling", model.scaler().kind());
    scaling.set("offset", mapper.valueToTree(model.scaler().offset()));
    scaling.set("scale", mapper.valueToTree(model.scaler().scale()));
    document.set("provenance", mapper.valueToTree(model.provenance()));
    if (model.recipe() != null) {
      document.set("recipe", RecipeJson.toTree(model.recipe()));
    }
    return document;
  }

  /**
   * Reads the document of a model file of format {@code version}.
   *
   * @throws IllegalArgumentException naming the field at fault
   */
  static ModelDocument read(JsonNode document, int version) {
    if (document == null || !document.isObject()) {
      throw new IllegalArgumentException("the model document is not a JSON object");
    }
    requireOnly(document, version == 1 ? FIELDS : withRecipe(), "the model document");
    if (!ModelFile.FORMAT.equals(text(document, "format", "format"))) {
      throw new IllegalArgumentException(
          "format is "
              + ModelChecks.echo(document.get("format"))
              + ", not \""
              + ModelFile.FORMAT
              + "\"");
    }
    JsonNode stated = field(document, "version", "version");
    if (!stated.isIntegralNumber() || stated.asLong() != version) {
      throw new IllegalArgumentException(
          "version is " + ModelChecks.echo(stated) + ", but its metadata says " + version);
    }
    Architecture architecture = ArchitectureJson.read(document.get("architecture"), version);
    String loss = text(document, "loss", "loss");
    List<String> labels = texts(document, "labels");
    List<String> features = texts(document, "features");
    checkTask(text(document, "task", "task"), labels);
    Scaler scaler =
        scaler(field(document, "preprocessing", "preprocessing"), architecture.inputSize());
    Map<String, String> provenance = provenance(field(document, "provenance", "provenance"));
    Recipe recipe = recipe(document.get("recipe"));
    ModelChecks.check(
        architecture.inputSize(),
        architecture.outputSize(),
        loss,
        scaler,
        features,
        labels,
        recipe);
    ModelChecks.checkRecipe(recipe, architecture);
    return new ModelDocument(architecture, loss, features, labels, scaler, provenance, recipe);
  }

  /** The model around a network built from {@link #architecture} and loaded. */
  Model model(Network network) {
    return new Model(network, loss, scaler, features, labels, provenance, recipe);
  }

  private static List<String> withRecipe() {
    List<String> fields = new ArrayList<>(FIELDS);
    fields.add("recipe");
    return fields;
  }

  private static void checkTask(String task, List<String> labels) {
    String expected = labels.isEmpty() ? "regression" : "classification";
    if (!task.equals(expected)) {
      throw new IllegalArgumentException(
          "task is "
              + ModelChecks.echo(task)
              + (labels.isEmpty()
                  ? ", but the model has no labels; a regression's task is regression"
                  : ", but the model has labels; a classifier's task is classification"));
    }
  }

  private static Scaler scaler(JsonNode json, int inputs) {
    String at = "preprocessing";
    if (!json.isObject()) {
      throw new IllegalArgumentException(at + " must be an object, got " + ModelChecks.echo(json));
    }
    requireOnly(json, PREPROCESSING, at);
    String kind = text(json, "scaling", at + ".scaling");
    double[] offset = numbers(field(json, "offset", at + ".offset"), at + ".offset", inputs);
    double[] scale = numbers(field(json, "scale", at + ".scale"), at + ".scale", inputs);
    ModelChecks.checkScaler(kind, offset, scale, inputs);
    return new Scaler(kind, offset, scale);
  }

  private static Map<String, String> provenance(JsonNode json) {
    if (!json.isObject()) {
      throw new IllegalArgumentException(
          "provenance must be an object, got " + ModelChecks.echo(json));
    }
    Map<String, String> provenance = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : json.properties()) {
      if (!entry.getValue().isTextual()) {
        throw new IllegalArgumentException(
            "provenance."
                + ModelChecks.echo(entry.getKey())
                + " must be text, got "
                + ModelChecks.echo(entry.getValue()));
      }
      provenance.put(entry.getKey(), entry.getValue().asText());
    }
    return provenance;
  }

  /**
   * The recipe, stated in full: a recipe file may leave a field to its default, but the recipe a
   * model was trained with is written whole, and one left out would replay another run.
   */
  private static Recipe recipe(JsonNode json) {
    if (json == null) {
      return null;
    }
    Recipe recipe;
    try {
      recipe = RecipeJson.fromTree(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("recipe: " + e.getMessage(), e);
    }
    requireStated(RecipeJson.toTree(recipe), json, "recipe");
    return recipe;
  }

  /** Every field {@code written} has, {@code stated} has too, at every depth. */
  private static void requireStated(JsonNode written, JsonNode stated, String at) {
    if (written.isObject()) {
      for (Iterator<String> names = written.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!stated.has(name)) {
          throw new IllegalArgumentException(
              at + "." + name + " is missing; a model's recipe states every field");
        }
        requireStated(written.get(name), stated.get(name), at + "." + name);
      }
    } else if (written.isArray()) {
      for (int index = 0; index < written.size(); index++) {
        requireStated(written.get(index), stated.get(index), at + "[" + index + "]");
      }
    }
  }

  private static JsonNode field(JsonNode parent, String name, String at) {
    JsonNode node = parent.get(name);
    if (node == null) {
      throw new IllegalArgumentException(at + " is missing");
    }
    return node;
  }

  private static String text(JsonNode parent, String name, String at) {
    JsonNode node = field(parent, name, at);
    if (!node.isTextual()) {
      throw new IllegalArgumentException(at + " must be text, got " + ModelChecks.echo(node));
    }
    return node.asText();
  }

  private static List<String> texts(JsonNode parent, String name) {
    JsonNode node = field(parent, name, name);
    if (!node.isArray()) {
      throw new IllegalArgumentException(
          name + " must be a list of text, got " + ModelChecks.echo(node));
    }
    List<String> texts = new ArrayList<>();
    for (int index = 0; index < node.size(); index++) {
      JsonNode element = node.get(index);
      if (!element.isTextual()) {
        throw new IllegalArgumentException(
            name + "[" + index + "] must be text, got " + ModelChecks.echo(element));
      }
      texts.add(element.asText());
    }
    return texts;
  }

  /** One number per input. */
  private static double[] numbers(JsonNode node, String at, int inputs) {
    if (!node.isArray()) {
      throw new IllegalArgumentException(
          at + " must be a list of numbers, got " + ModelChecks.echo(node));
    }
    if (node.size() != inputs) {
      throw new IllegalArgumentException(
          at + ": " + node.size() + " values for the network's " + inputs + " inputs");
    }
    double[] numbers = new double[inputs];
    for (int index = 0; index < inputs; index++) {
      JsonNode element = node.get(index);
      if (!element.isNumber()) {
        throw new IllegalArgumentException(
            at + "[" + index + "] must be a number, got " + ModelChecks.echo(element));
      }
      numbers[index] = element.doubleValue();
    }
    return numbers;
  }

  private static void requireOnly(JsonNode node, List<String> known, String what) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown field '"
                + ModelChecks.echo(name)
                + "' in "
                + what
                + ", which has "
                + String.join(", ", known));
      }
    }
  }
}
