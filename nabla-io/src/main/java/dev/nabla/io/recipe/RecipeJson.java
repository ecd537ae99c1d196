package dev.nabla.io.recipe;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.io.files.AtomicFile;
import dev.nabla.io.model.ArchitectureJson;
import dev.nabla.layers.LayerSpec;
import dev.nabla.optimizers.OptimizerSpec;
import dev.nabla.recipe.Preprocessing;
import dev.nabla.recipe.Recipe;
import dev.nabla.recipe.Regularization;
import dev.nabla.schedules.ScheduleSpec;
import dev.nabla.tensor.DType;
import dev.nabla.training.EarlyStopping;
import dev.nabla.training.TrainingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Recipes as JSON (format {@code nabla-recipe}, version 1, described in {@code docs/recipes.md}):
 *
 * <pre>
 * {"format": "nabla-recipe", "version": 1, "dtype": "float32",
 *  "layers": [{"type": "dense", "units": 32}, {"type": "activation", "activation": "tanh"},
 *             {"type": "dense", "units": 2}],
 *  "loss": "softmax_cross_entropy",
 *  "optimizer": {"type": "adam", "learningRate": 0.001},
 *  "schedule": {"type": "cosine", "warmup": 2},
 *  "regularization": {"l1": 0, "l2": 0, "maxNorm": null},
 *  "training": {"epochs": 100, "batchSize": 32, "seed": 1, "validationSplit": 0.2, …},
 *  "preprocessing": {"scaling": "standard", "testSplit": 0.2, "stratify": true}}
 * </pre>
 *
 * <p>Only {@code format}, {@code version}, {@code layers} and {@code loss} are required; a field
 * left out takes the default {@link Recipe#builder} gives (the command line's). Reading is strict:
 * every field given is checked, an unknown field is an error (a misspelt setting never falls back
 * to a default in silence), and every error names the file and the field. Writing names every
 * field, and reading it back gives an equal recipe: numbers keep their exact bits.
 */
public final class RecipeJson {
  /** The format version this Nabla writes and reads. */
  public static final int VERSION = 1;

  static final String FORMAT = "nabla-recipe";

  // A key given twice, or text after the recipe, is an error rather than the last word winning.
  /**
   * Written as people write JSON: {@code "name": value}, and a list's items each on a line of their
   * own, a layer's settings on one line: {@code {"type": "dense", "units": 32}}.
   */
  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter()
          .withSeparators(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final List<String> FIELDS =
      List.of(
          "format",
          "version",
          "dtype",
          "layers",
          "loss",
          "optimizer",
          "schedule",
          "regularization",
          "training",
          "preprocessing");
  private static final List<String> TRAINING =
      List.of(
          "epochs",
          "batchSize",
          "dropLastPartialBatch",
          "targetLoss",
          "shuffle",
          "seed",
          "validationSplit",
          "clipValue",
          "clipNorm",
          "earlyStopping",
          "divergenceFactor");

  private RecipeJson() {}

  /** The recipe as a JSON tree. */
  public static ObjectNode toTree(Recipe recipe) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("format", FORMAT);
    json.put("version", VERSION);
    json.put("dtype", recipe.dtype().toString());
    json.set("layers", ArchitectureJson.writeLayers(recipe.layers(), MAPPER));
    json.put("loss", recipe.loss());
    Json.put(json.putObject("optimizer"), recipe.optimizer().type(), recipe.optimizer().config());
    Json.put(json.putObject("schedule"), recipe.schedule().type(), recipe.schedule().config());
    ObjectNode regularization = json.putObject("regularization");
    Json.putNumber(regularization, "l1", recipe.regularization().l1());
    Json.putNumber(regularization, "l2", recipe.regularization().l2());
    Json.putNumber(regularization, "maxNorm", recipe.regularization().maxNorm());
    TrainingConfig config = recipe.training();
    ObjectNode training = json.putObject("training");
    training.put("epochs", config.epochs());
    if (config.batchSize() == TrainingConfig.FULL_BATCH) {
      training.put("batchSize", "full");
    } else {
      training.put("batchSize", config.batchSize());
    }
    training.put("dropLastPartialBatch", config.dropLastPartialBatch());
    Json.putNumber(training, "targetLoss", config.targetLoss());
    training.put("shuffle", config.shuffle());
    training.put("seed", config.seed());
    Json.putNumber(training, "validationSplit", config.validationSplit());
    Json.putNumber(training, "clipValue", config.clipValue());
    Json.putNumber(training, "clipNorm", config.clipNorm());
    EarlyStopping stopping = config.earlyStopping();
    Json.putNumber(training, "divergenceFactor", config.divergenceFactor());
    if (stopping == null) {
      training.putNull("earlyStopping");
    } else {
      ObjectNode early = training.putObject("earlyStopping");
      early.put("monitor", stopping.monitor());
      early.put("patience", stopping.patience());
      Json.putNumber(early, "minDelta", stopping.minDelta());
      early.put("restoreBestWeights", stopping.restoreBestWeights());
    }
    ObjectNode preprocessing = json.putObject("preprocessing");
    preprocessing.put("scaling", recipe.preprocessing().scaling());
    Json.putNumber(preprocessing, "testSplit", recipe.preprocessing().testSplit());
    preprocessing.put("stratify", recipe.preprocessing().stratify());
    return json;
  }

  /** The recipe as indented JSON text. */
  public static String toText(Recipe recipe) {
    try {
      return MAPPER.writer(PRETTY).writeValueAsString(toTree(recipe)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always writes", e);
    }
  }

  /** Writes the recipe to {@code path} atomically. */
  public static void write(Path path, Recipe recipe) throws IOException {
    byte[] bytes = toText(recipe).getBytes(StandardCharsets.UTF_8);
    AtomicFile.write(path, out -> out.write(bytes));
  }

  /**
   * Reads a recipe file.
   *
   * @throws IllegalArgumentException naming the file, and the line and column or the field at fault
   */
  public static Recipe read(Path path) throws IOException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(path + ": no such recipe file", e);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException(
          path + ": not a recipe: a recipe is JSON text in UTF-8, and this file is not", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(path + ": cannot read it: " + e.getMessage(), e);
    }
    return parse(text, path.toString());
  }

  /**
   * Reads a recipe from JSON text; {@code source} names it in errors.
   *
   * @throws IllegalArgumentException naming the source, and the line and column or the field
   */
  public static Recipe parse(String text, String source) {
    JsonNode json;
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // a byte-order mark, which some editors write
    }
    try {
      json = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new IllegalArgumentException(
          source
              + (at == null ? "" : ", line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ": not valid JSON: "
              + plain(e.getOriginalMessage()),
          e);
    }
    try {
      return fromTree(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** Jackson's message without its asides about parser features and Java types. */
  static String plain(String message) {
    String text = message;
    int source = text.indexOf("\n at [Source");
    text = source >= 0 ? text.substring(0, source) : text;
    // Asides about parser features and Java types say nothing to a recipe's author.
    text = text.replaceAll(":\\s*enable `[^`]*` to allow", " (JSON has no such value)");
    text = text.replaceAll("\\s*\\(not recognized as one since Feature[^)]*\\)", "");
    return text.strip();
  }

  /**
   * A recipe from its JSON tree.
   *
   * @throws IllegalArgumentException naming the field at fault
   */
  public static Recipe fromTree(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("a recipe is a JSON object");
    }
    if (!FORMAT.equals(json.path("format").asText())) {
      throw new IllegalArgumentException(
          "not a Nabla recipe: it needs \"format\": \"" + FORMAT + "\"");
    }
    long version = Json.whole(json, "version", "");
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "recipe format version " + version + "; this Nabla reads version " + VERSION);
    }
    Json.requireOnly(json, FIELDS, "");
    // The builder's defaults, read off a recipe of one layer.
    Recipe defaults = Recipe.builder(List.of(LayerSpec.of("dense", "units", 1)), "mse").build();
    DType dtype = defaults.dtype();
    if (json.has("dtype")) {
      try {
        dtype = DType.parse(Json.text(json, "dtype", ""));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("dtype: " + e.getMessage(), e);
      }
    }
    List<LayerSpec> layers = ArchitectureJson.readLayers(json.get("layers"), "layers");
    String loss = Json.text(json, "loss", "");
    OptimizerSpec optimizer = defaults.optimizer();
    if (json.has("optimizer")) {
      JsonNode node = Json.object(json, "optimizer", "");
      optimizer =
          new OptimizerSpec(Json.text(node, "type", "optimizer"), Json.config(node, "optimizer"));
    }
    ScheduleSpec schedule = defaults.schedule();
    if (json.has("schedule")) {
      JsonNode node = Json.object(json, "schedule", "");
      schedule =
          new ScheduleSpec(Json.text(node, "type", "schedule"), Json.config(node, "schedule"));
    }
    Regularization regularization = defaults.regularization();
    if (json.has("regularization")) {
      JsonNode node = Json.object(json, "regularization", "");
      Json.requireOnly(node, List.of("l1", "l2", "maxNorm"), "regularization");
      regularization =
          new Regularization(
              node.has("l1") ? Json.number(node, "l1", "regularization", false) : 0,
              node.has("l2") ? Json.number(node, "l2", "regularization", false) : 0,
              Json.number(node, "maxNorm", "regularization", true));
    }
    TrainingConfig training =
        json.has("training")
            ? training(Json.object(json, "training", ""), defaults.training())
            : defaults.training();
    Preprocessing preprocessing = defaults.preprocessing();
    if (json.has("preprocessing")) {
      JsonNode node = Json.object(json, "preprocessing", "");
      Json.requireOnly(node, List.of("scaling", "testSplit", "stratify"), "preprocessing");
      preprocessing =
          new Preprocessing(
              node.has("scaling")
                  ? Json.text(node, "scaling", "preprocessing")
                  : preprocessing.scaling(),
              node.has("testSplit")
                  ? Json.number(node, "testSplit", "preprocessing", false)
                  : preprocessing.testSplit(),
              node.has("stratify")
                  ? Json.bool(node, "stratify", "preprocessing")
                  : preprocessing.stratify());
    }
    return new Recipe(
        layers, dtype, loss, optimizer, schedule, regularization, training, preprocessing);
  }

  /** The training section; fields left out keep {@code defaults}' values. */
  private static TrainingConfig training(JsonNode json, TrainingConfig defaults) {
    Json.requireOnly(json, TRAINING, "training");
    String path = "training";
    TrainingConfig.Builder builder = defaults.toBuilder();
    if (json.has("epochs")) {
      builder.epochs(Json.integer(json, "epochs", path));
    }
    if (json.has("batchSize")) {
      JsonNode batchSize = json.get("batchSize");
      if (batchSize.isTextual() && batchSize.asText().equals("full")) {
        builder.fullBatch();
      } else if (batchSize.isTextual()) {
        throw new IllegalArgumentException(
            "training.batchSize must be a whole number or \"full\", got " + batchSize);
      } else {
        builder.batchSize(Json.integer(json, "batchSize", path));
      }
    }
    if (json.has("dropLastPartialBatch")) {
      builder.dropLastPartialBatch(Json.bool(json, "dropLastPartialBatch", path));
    }
    if (json.has("targetLoss")) {
      builder.targetLoss(Json.number(json, "targetLoss", path, true));
    }
    if (json.has("shuffle")) {
      builder.shuffle(Json.bool(json, "shuffle", path));
    }
    if (json.has("seed")) {
      builder.seed(Json.whole(json, "seed", path));
    }
    if (json.has("validationSplit")) {
      builder.validationSplit(Json.number(json, "validationSplit", path, false));
    }
    if (json.has("clipValue")) {
      builder.clipValue(Json.number(json, "clipValue", path, true));
    }
    if (json.has("clipNorm")) {
      builder.clipNorm(Json.number(json, "clipNorm", path, true));
    }
    if (json.has("divergenceFactor")) {
      builder.divergenceFactor(Json.number(json, "divergenceFactor", path, true));
    }
    JsonNode early = json.get("earlyStopping");
    if (early != null && !early.isNull()) {
      if (!early.isObject()) {
        throw new IllegalArgumentException(
            "training.earlyStopping must be an object or null, got " + early);
      }
      String where = "training.earlyStopping";
      Json.requireOnly(
          early, List.of("monitor", "patience", "minDelta", "restoreBestWeights"), where);
      builder.earlyStopping(
          new EarlyStopping(
              early.has("monitor") ? Json.text(early, "monitor", where) : "validation loss",
              Json.integer(early, "patience", where),
              early.has("minDelta") ? Json.number(early, "minDelta", where, false) : 0,
              !early.has("restoreBestWeights") || Json.bool(early, "restoreBestWeights", where)));
    } else if (early != null) {
      builder.earlyStopping(null);
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      // The Java checks say "NaN for none"; in JSON, none is null.
      throw new IllegalArgumentException(
          "training: " + e.getMessage().replace("NaN for none", "null for none"), e);
    }
  }
}
