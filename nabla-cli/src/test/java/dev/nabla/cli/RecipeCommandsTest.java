package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.recipe.Recipe;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Recipes on the command line: saved, replayed, overridden, and checked on resume. */
class RecipeCommandsTest {
  @TempDir Path directory;
  private Path data;
  private StringWriter out;
  private StringWriter err;

  /** Two noisy moons' worth of points: class "a" above y = x², "b" below, in [-1, 1]². */
  @BeforeEach
  void writeData() throws IOException {
    data = directory.resolve("points.csv");
    Files.writeString(data, points(300, 1));
  }

  private static String points(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder csv = new StringBuilder("x,y,side\n");
    for (int i = 0; i < count; i++) {
      double x = random.nextDouble(-1, 1);
      double y = random.nextDouble(-1, 1);
      csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%s%n", x, y, y > x * x ? "a" : "b"));
    }
    return csv.toString();
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine commandLine = Nabla.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private Path train(String output, String... extra) {
    Path model = directory.resolve(output);
    List<String> args =
        new ArrayList<>(
            List.of("train", "--data", data.toString(), "--quiet", "-o", model.toString()));
    args.addAll(List.of(extra));
    assertEquals(0, run(args.toArray(new String[0])), err.toString());
    return model;
  }

  private static final String[] A_RUN = {
    "--layers",
    "12:tanh,dropout:0.1,8:relu",
    "--optimizer",
    "rmsprop",
    "--lr",
    "0.005",
    "--momentum",
    "0.5",
    "--schedule",
    "step:3:0.5",
    "--warmup",
    "1",
    "--epochs",
    "6",
    "--batch-size",
    "16",
    "--seed",
    "5",
    "--validation-split",
    "0.2",
    "--dtype",
    "float64"
  };

  private static void assertSameWeights(Path expected, Path actual) throws IOException {
    Model one = ModelFile.read(expected);
    Model two = ModelFile.read(actual);
    assertEquals(one.network().parameters().keySet(), two.network().parameters().keySet());
    for (String name : one.network().parameters().keySet()) {
      assertArrayEquals(
          one.network().parameter(name).value().toDoubleArray(),
          two.network().parameter(name).value().toDoubleArray(),
          name);
    }
  }

  @Test
  void aModelReplayedFromItsOwnRecipeHasBitIdenticalWeights() throws IOException {
    Path original = train("original.nabla", A_RUN);

    Path replayed = train("replayed.nabla", "--recipe", original.toString());

    assertSameWeights(original, replayed);
    assertEquals(ModelFile.read(original).recipe(), ModelFile.read(replayed).recipe());
    assertEquals(original.toString(), ModelFile.read(replayed).provenance().get("recipe"));
  }

  @Test
  void aSavedRecipeReplaysTheRunAndOptionsBesideItOverrideIt() throws IOException {
    Path recipeFile = directory.resolve("run.json");
    Path original = train("original.nabla", concat(A_RUN, "--save-recipe", recipeFile.toString()));
    Recipe saved = RecipeJson.read(recipeFile);
    assertEquals(6, saved.training().epochs());
    assertEquals(0.5, saved.optimizer().config().number("momentum"), "rmsprop takes --momentum");

    assertSameWeights(original, train("replayed.nabla", "--recipe", recipeFile.toString()));

    Path shorter =
        train("shorter.nabla", "--recipe", recipeFile.toString(), "--epochs", "2", "--lr", "0.01");
    Model model = ModelFile.read(shorter);
    assertEquals("--lr 0.01 --epochs 2", model.provenance().get("overrides"));
    assertEquals(2, model.recipe().training().epochs());
    assertEquals(0.01, model.recipe().optimizer().config().number("learningRate"));
    assertEquals(0.5, model.recipe().optimizer().config().number("momentum"));
    assertEquals(saved.layers(), model.recipe().layers());
  }

  @Test
  void infoPrintsTheRecipeAndCanPrintItAlone() throws IOException {
    Path model = train("model.nabla", A_RUN);
    assertEquals(0, run("info", model.toString()));
    assertTrue(out.toString().contains("\"type\": \"rmsprop\""), out.toString());

    assertEquals(0, run("info", "--recipe", model.toString()));
    assertEquals(ModelFile.read(model).recipe(), RecipeJson.parse(out.toString(), "info output"));
  }

  @Test
  void resumingRefusesAnotherRunUnlessTheChangeIsAccepted() throws IOException {
    Path checkpoints = directory.resolve("checkpoints");
    train(
        "first.nabla", "--epochs", "2", "--lr", "0.01", "--checkpoint-dir", checkpoints.toString());

    String[] resume = {
      "train",
      "--data",
      data.toString(),
      "--quiet",
      "--epochs",
      "4",
      "--lr",
      "0.02",
      "--checkpoint-dir",
      checkpoints.toString(),
      "--resume",
      "-o",
      directory.resolve("second.nabla").toString()
    };
    assertEquals(1, run(resume));
    String message = err.toString();
    assertTrue(message.contains("was written by another run:"), message);
    assertTrue(message.contains("optimizer.learningRate: 0.01 → 0.02"), message);
    assertTrue(message.contains("pass --accept-changes"), message);
    assertFalse(Files.exists(directory.resolve("second.nabla")));

    assertEquals(0, run(concat(resume, "--accept-changes")), err.toString());
    Model resumed = ModelFile.read(directory.resolve("second.nabla"));
    assertEquals(
        "optimizer.learningRate: 0.01 → 0.02", resumed.provenance().get("changesAcceptedOnResume"));
    assertEquals(0.02, resumed.recipe().optimizer().config().number("learningRate"));

    Files.writeString(data, points(300, 2));
    assertEquals(
        1,
        run(
            "train",
            "--data",
            data.toString(),
            "--quiet",
            "--epochs",
            "4",
            "--lr",
            "0.01",
            "--checkpoint-dir",
            checkpoints.toString(),
            "--resume"));
    assertTrue(err.toString().contains("data: points.csv "), err.toString());
  }

  @Test
  void resumingCannotShrinkTheRunOrSwapTheOptimizer() {
    Path checkpoints = directory.resolve("checkpoints");
    train("first.nabla", "--epochs", "3", "--checkpoint-dir", checkpoints.toString());
    String[] base = {
      "train",
      "--data",
      data.toString(),
      "--quiet",
      "--checkpoint-dir",
      checkpoints.toString(),
      "--resume"
    };
    assertEquals(1, run(concat(base, "--epochs", "2")));
    assertTrue(
        err.toString().contains("training.epochs: 3 → 2, fewer than the 3 the checkpoint has run"),
        err.toString());

    assertEquals(1, run(concat(base, "--epochs", "5", "--optimizer", "sgd", "--accept-changes")));
    assertEquals(
        "nabla: --resume: "
            + checkpoints.resolve("epoch-00003.checkpoint")
            + " cannot be continued with another kind of optimizer: adam → sgd: its saved state"
            + " belongs to the old one; start a new run instead",
        err.toString().strip());

    assertEquals(
        0,
        run(concat(base, "--epochs", "5", "-o", directory.resolve("5.nabla").toString())),
        err.toString());
  }

  @Test
  void aClassificationLossOnNumbersAndRecipesThatAreNotRecipesAreRefused() throws IOException {
    Path numbers = directory.resolve("numbers.csv");
    Files.writeString(numbers, "x,y\n1,2\n2,4.1\n3,5.9\n4,8.2\n");
    assertEquals(
        1,
        run(
            "train",
            "--data",
            numbers.toString(),
            "--regression",
            "--loss",
            "softmax_cross_entropy"));
    assertTrue(
        err.toString().startsWith("nabla: --loss softmax_cross_entropy needs classes"),
        err.toString());

    Path text = directory.resolve("notes.txt");
    Files.writeString(text, "hello");
    assertEquals(1, run("train", "--data", data.toString(), "--recipe", text.toString()));
    assertTrue(err.toString().startsWith("nabla: " + text + ", line 1, column "), err.toString());

    assertEquals(1, run("train", "--data", data.toString(), "--recipe", directory.toString()));
    assertEquals(
        "nabla: --recipe: " + directory + " is a directory, not a file", err.toString().strip());

    Path recipeFile = directory.resolve("run.json");
    train("model.nabla", "--epochs", "1", "--save-recipe", recipeFile.toString());
    assertEquals(1, run("info", recipeFile.toString()));
    assertTrue(err.toString().contains("is a recipe, not a model"), err.toString());
  }

  @Test
  void aRecipeWhoseOutputDoesNotFitTheDataSaysHowToFixIt() throws IOException {
    Path recipeFile = directory.resolve("run.json");
    Files.writeString(
        recipeFile,
        RecipeJson.toText(
            Recipe.builder(dev.nabla.layers.LayerText.parse("4:tanh,3"), "softmax_cross_entropy")
                .build()));
    assertEquals(1, run("train", "--data", data.toString(), "--recipe", recipeFile.toString()));
    assertEquals(
        "nabla: "
            + recipeFile
            + ": the recipe's last layer gives 3 outputs, but the data has 2 targets (one per"
            + " class); change the output layer's units in the recipe (layers[2] or the last"
            + " dense layer), or give --layers, which replaces all its layers",
        err.toString().strip());
  }

  @Test
  void aNetworkTooLargeForTheHeapIsRefusedBeforeItIsBuilt() {
    assertEquals(1, run("train", "--data", data.toString(), "--layers", "45000,45000", "--quiet"));
    assertTrue(
        err.toString().startsWith("nabla: the network has 2,025,270,002 parameters"),
        err.toString());
  }

  @Test
  void aClassifierTrainedWithMseGivesScoresNotProbabilities() throws IOException {
    Path model = train("mse.nabla", "--loss", "mse", "--epochs", "2");
    assertEquals(
        1,
        run("predict", "--model", model.toString(), "--data", data.toString(), "--probabilities"));
    assertTrue(
        err.toString().contains("its outputs are scores, not probabilities"), err.toString());
    assertEquals(0, run("predict", "--model", model.toString(), "--data", data.toString()));
    assertTrue(out.toString().startsWith("prediction\n"), out.toString());
  }

  @Test
  void aRecipesEarlyStoppingCanBeSwitchedOff() throws IOException {
    Path recipeFile = directory.resolve("early.json");
    train(
        "early.nabla",
        "--epochs",
        "3",
        "--early-stopping",
        "1",
        "--save-recipe",
        recipeFile.toString());
    Path off = train("off.nabla", "--recipe", recipeFile.toString(), "--early-stopping", "off");
    assertEquals(null, ModelFile.read(off).recipe().training().earlyStopping());
    assertEquals(2, run("train", "--data", data.toString(), "--early-stopping", "soon"));
  }

  @Test
  void momentumGoesOnlyWhereThereIsMomentum() {
    assertEquals(2, run("train", "--data", data.toString(), "--momentum", "0.5"));
    assertTrue(
        err.toString()
            .startsWith(
                "nabla: --momentum applies to sgd, momentum, nesterov and rmsprop, not adam"),
        err.toString());
  }

  @Test
  void anyRegisteredLayerTypeCanBeWrittenWithItsSettings() throws IOException {
    Path model =
        train(
            "typed.nabla",
            "--layers",
            "dense(units=6, bias=false), batchNorm(momentum=0.01), activation(activation=leaky_relu(-0.2))",
            "--epochs",
            "1");
    assertEquals(
        "Network(2 → Dense(2 → 6, no bias) → BatchNorm(6) → LeakyReLU(slope=-0.2) → Dense(6 → 2))",
        ModelFile.read(model).network().toString());
  }

  private static String[] concat(String[] first, String... more) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }
}
