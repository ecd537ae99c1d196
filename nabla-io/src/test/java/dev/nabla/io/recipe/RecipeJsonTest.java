package dev.nabla.io.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.layers.LayerSpec;
import dev.nabla.layers.LayerText;
import dev.nabla.optimizers.OptimizerSpec;
import dev.nabla.recipe.Preprocessing;
import dev.nabla.recipe.Recipe;
import dev.nabla.recipe.Regularization;
import dev.nabla.schedules.ScheduleSpec;
import dev.nabla.tensor.DType;
import dev.nabla.training.EarlyStopping;
import dev.nabla.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Recipe files: what is written reads back equal, and what is wrong is named. */
class RecipeJsonTest {
  private static final List<LayerSpec> EVERY_LAYER =
      List.of(
          LayerSpec.of(
              "dense",
              "units",
              8,
              "bias",
              false,
              "weightInitializer",
              "he_normal",
              "biasInitializer",
              "constant(0.1)"),
          LayerSpec.of("activation", "activation", "leaky_relu(-0.2)"),
          LayerSpec.of("batchNorm", "epsilon", 1e-3, "momentum", 0.01),
          LayerSpec.of("dropout", "rate", 0.1 + 0.2),
          LayerSpec.of("dropout", "rate", 0.5, "seed", -7L),
          LayerSpec.of("dense", "units", 3),
          LayerSpec.of("activation", "activation", "softmax"));

  static Stream<OptimizerSpec> optimizers() {
    return Stream.of(
        OptimizerSpec.of(
            "sgd",
            "learningRate",
            0.3,
            "momentum",
            0.9,
            "dampening",
            0.0,
            "nesterov",
            true,
            "weightDecay",
            1e-4),
        OptimizerSpec.of("sgd"),
        OptimizerSpec.of(
            "rmsprop", "learningRate", 1e-3, "alpha", 0.95, "momentum", 0.5, "centered", true),
        OptimizerSpec.of(
            "adagrad", "learningRateDecay", 1e-3, "initialAccumulatorValue", 0.1, "epsilon", 1e-9),
        OptimizerSpec.of("adam", "beta1", 0.8, "beta2", 0.99, "amsgrad", true),
        OptimizerSpec.of("adamw", "weightDecay", 0.05));
  }

  static Stream<ScheduleSpec> schedules() {
    return Stream.of(
        ScheduleSpec.constant(),
        ScheduleSpec.of("step", "every", 3, "gamma", 0.5),
        ScheduleSpec.of("exponential", "gamma", 0.97, "warmup", 2),
        ScheduleSpec.of("cosine", "epochs", 20, "minimumRate", 1e-5),
        ScheduleSpec.of("cosine", "warmup", 3),
        ScheduleSpec.of(
            "plateau",
            "factor",
            0.5,
            "patience",
            2,
            "threshold",
            1e-3,
            "cooldown",
            1,
            "minimumRate",
            1e-6,
            "maximize",
            true));
  }

  private static Recipe.Builder base() {
    return Recipe.builder(EVERY_LAYER, "categorical_cross_entropy");
  }

  private static void assertRoundTrips(Recipe recipe) {
    String text = RecipeJson.toText(recipe);
    Recipe read = RecipeJson.parse(text, "test.json");
    assertEquals(recipe, read, text);
    assertEquals(text, RecipeJson.toText(read));
  }

  @Test
  void everyLayerAndEverySettingRoundTripsExactly() {
    assertRoundTrips(
        base()
            .dtype(DType.FLOAT64)
            .regularization(new Regularization(1e-5, 0.1 + 0.2, 3))
            .training(
                TrainingConfig.builder()
                    .epochs(7)
                    .batchSize(5)
                    .dropLastPartialBatch(true)
                    .targetLoss(0.01)
                    .shuffle(false)
                    .seed(-3)
                    .validationSplit(0.15)
                    .clipValue(2)
                    .clipNorm(1.0 / 3)
                    .earlyStopping(new EarlyStopping("validation accuracy", 3, 1e-4, false))
                    .build())
            .preprocessing(new Preprocessing("minmax", 0.25, true))
            .build());
    assertRoundTrips(base().training(TrainingConfig.builder().fullBatch().build()).build());
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void everyOptimizerRoundTrips(OptimizerSpec optimizer) {
    assertRoundTrips(base().optimizer(optimizer).build());
  }

  @ParameterizedTest
  @MethodSource("schedules")
  void everyScheduleRoundTrips(ScheduleSpec schedule) {
    assertRoundTrips(base().schedule(schedule).build());
  }

  @Test
  void aFileWrittenIsReadBack(@TempDir Path directory) throws IOException {
    Recipe recipe = Recipe.builder(LayerText.parse("16:tanh,2"), "softmax_cross_entropy").build();
    Path path = directory.resolve("run.json");
    RecipeJson.write(path, recipe);
    assertEquals(recipe, RecipeJson.read(path));
    assertTrue(Files.readString(path).contains("\"format\": \"nabla-recipe\""));
  }

  private static String mangled(java.util.function.Consumer<ObjectNode> change) {
    ObjectNode tree = RecipeJson.toTree(base().build());
    change.accept(tree);
    return tree.toString();
  }

  private static String error(String json) {
    return assertThrows(IllegalArgumentException.class, () -> RecipeJson.parse(json, "run.json"))
        .getMessage();
  }

  @Test
  void badRecipesNameTheFileAndTheField() {
    List<String[]> cases = new ArrayList<>();
    cases.add(
        new String[] {
          "{\"format\": \"nabla-recipe\",\n \"version\": 1,\n \"layers\": [,]}",
          "run.json, line 3, column 13: not valid JSON: Unexpected character"
        });
    cases.add(new String[] {"[1, 2]", "run.json: a recipe is a JSON object"});
    cases.add(
        new String[] {
          "{\"layers\": []}", "run.json: not a Nabla recipe: it needs \"format\": \"nabla-recipe\""
        });
    cases.add(
        new String[] {
          mangled(tree -> tree.put("version", 2)),
          "run.json: recipe format version 2; this Nabla reads version 1"
        });
    cases.add(
        new String[] {
          mangled(tree -> tree.put("optimiser", "adam")),
          "run.json: unknown field optimiser; a recipe has format, version, dtype, layers, loss,"
              + " optimizer, schedule, regularization, training, preprocessing"
        });
    cases.add(
        new String[] {
          mangled(tree -> ((ObjectNode) tree.get("training")).put("epochs", "ten")),
          "run.json: training.epochs must be a whole number, got \"ten\""
        });
    cases.add(
        new String[] {
          mangled(tree -> ((ObjectNode) tree.get("training")).put("epochs", 0)),
          "run.json: training: epochs must be ≥ 1, got 0"
        });
    cases.add(
        new String[] {
          mangled(tree -> ((ObjectNode) tree.get("training")).put("learningRate", 0.1)),
          "run.json: unknown field training.learningRate; training has epochs, batchSize,"
              + " dropLastPartialBatch, targetLoss, shuffle, seed, validationSplit, clipValue,"
              + " clipNorm, earlyStopping, divergenceFactor"
        });
    cases.add(
        new String[] {
          mangled(tree -> ((ObjectNode) tree.get("optimizer")).put("lr", 0.1)),
          "run.json: optimizer adam: unknown setting 'lr'; the settings are learningRate, beta1,"
              + " beta2, epsilon, weightDecay, amsgrad"
        });
    cases.add(
        new String[] {
          mangled(tree -> ((ObjectNode) tree.get("optimizer")).put("learningRate", -1)),
          "run.json: optimizer adam: learningRate must be finite and ≥ 0, got -1.0"
        });
    cases.add(
        new String[] {
          mangled(tree -> ((ObjectNode) tree.withArray("layers").get(0)).put("type", "conv")),
          "run.json: layers[0]: unknown layer type 'conv'; the layer types are dense,"
              + " activation, dropout, batchNorm"
        });
    cases.add(
        new String[] {
          mangled(tree -> ((ObjectNode) tree.withArray("layers").get(0)).put("units", -4)),
          "run.json: layer 0 (dense): 'units' must be a whole number ≥ 1, got -4"
        });
    cases.add(
        new String[] {
          mangled(tree -> ((ObjectNode) tree.withArray("layers").get(1)).putArray("activation")),
          "run.json: layers[1].activation must be a number, true/false or text, got []"
        });
    cases.add(
        new String[] {
          mangled(tree -> tree.put("loss", "cross_entropy")),
          "run.json: unknown loss 'cross_entropy'; known losses: half_squared_error, mse, mae,"
              + " huber, softmax_cross_entropy, categorical_cross_entropy, binary_cross_entropy,"
              + " binary_cross_entropy_with_logits"
        });
    cases.add(
        new String[] {
          mangled(tree -> ((ObjectNode) tree.get("preprocessing")).put("scaling", "robust")),
          "run.json: scaling must be one of standard, minmax, none, got 'robust'"
        });
    cases.add(
        new String[] {
          mangled(tree -> tree.put("schedule", "cosine")),
          "run.json: schedule must be an object, got \"cosine\""
        });
    cases.add(
        new String[] {
          mangled(tree -> tree.remove("layers")), "run.json: layers must be a list of layers"
        });
    cases.add(
        new String[] {
          mangled(tree -> {}).replace("\"epochs\":10", "\"epochs\":10,\"epochs\":3"),
          "run.json, line 1, column "
        });
    cases.add(new String[] {mangled(tree -> {}) + " {}", "run.json, line 1, column "});
    cases.add(
        new String[] {
          mangled(tree -> ((ObjectNode) tree.withArray("layers").get(0)).put("units", 1e12)),
          "run.json: layer 0 (dense): 'units' must be at most 2147483647, got 1000000000000"
        });
    cases.add(new String[] {"", "run.json: a recipe is a JSON object"});
    for (String[] c : cases) {
      String message = error(c[0]);
      assertTrue(message.startsWith(c[1]), "expected «" + c[1] + "» but was «" + message + "»");
    }
  }

  @Test
  void aRecipeNeedsOnlyItsLayersAndLossTheRestTakesTheDefaults() {
    Recipe minimal =
        RecipeJson.parse(
            "{\"format\": \"nabla-recipe\", \"version\": 1, \"loss\": \"mse\","
                + " \"layers\": [{\"type\": \"dense\", \"units\": 1}],"
                + " \"training\": {\"epochs\": 3}, \"optimizer\": {\"type\": \"sgd\"}}",
            "minimal.json");
    Recipe expected =
        Recipe.builder(List.of(LayerSpec.of("dense", "units", 1)), "mse")
            .optimizer(OptimizerSpec.of("sgd"))
            .training(
                TrainingConfig.builder()
                    .epochs(3)
                    .batchSize(32)
                    .seed(1)
                    .validationSplit(0.1)
                    .build())
            .build();
    assertEquals(expected, minimal);
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheRecipe() {
    Recipe recipe = base().build();
    assertEquals(recipe, RecipeJson.parse("\uFEFF" + RecipeJson.toText(recipe), "bom.json"));
  }

  @Test
  void aMissingFileSaysSo(@TempDir Path directory) {
    Path missing = directory.resolve("nope.json");
    assertEquals(
        missing + ": no such recipe file",
        assertThrows(IllegalArgumentException.class, () -> RecipeJson.read(missing)).getMessage());
  }

  @Test
  void theTreeIsPlainJson() {
    ObjectNode tree = RecipeJson.toTree(base().build());
    assertEquals("nabla-recipe", tree.get("format").asText());
    assertEquals(
        new ObjectMapper().createObjectNode().nullNode(), tree.get("training").get("targetLoss"));
  }
}
