package dev.nabla.cli;

import dev.nabla.config.Suggestions;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.layers.LayerSpec;
import dev.nabla.layers.LayerText;
import dev.nabla.losses.Losses;
import dev.nabla.optimizers.OptimizerSpec;
import dev.nabla.recipe.Preprocessing;
import dev.nabla.recipe.Recipe;
import dev.nabla.recipe.Regularization;
import dev.nabla.schedules.ScheduleSpec;
import dev.nabla.tensor.DType;
import dev.nabla.training.EarlyStopping;
import dev.nabla.training.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The options of {@code train} that make its recipe, and the recipe they make. Without {@code
 * --recipe}, every option counts, defaults included; with it, the recipe file (or the recipe kept
 * in a model file) is the base, and only the options given on the command line change it — each
 * such override is listed by {@link #overrides()} so the model records it.
 */
final class RecipeOptions {
  @Option(
      names = "--recipe",
      paramLabel = "FILE",
      description =
          "run this recipe: a recipe file (JSON), or a model file, to replay the run that made it;"
              + " options given beside it override it")
  Path recipeFile;

  @Option(
      names = "--save-recipe",
      paramLabel = "FILE",
      description = "write the recipe of this run to FILE (JSON) before training")
  Path saveRecipe;

  @Option(
      names = "--layers",
      defaultValue = "64:relu,64:relu",
      paramLabel = "SPEC",
      description =
          "hidden layers, comma-separated: UNITS[:ACTIVATION], dropout:RATE, batchnorm or"
              + " TYPE(SETTING=VALUE,…) for any layer type (default: ${DEFAULT-VALUE})")
  String layers;

  @Option(
      names = "--loss",
      paramLabel = "NAME",
      description = "override the loss: " + dev.nabla.losses.Losses.KNOWN)
  String loss;

  @Mixin OptimizerOptions optimizer;

  @Option(
      names = "--schedule",
      defaultValue = "constant",
      paramLabel = "SPEC",
      description =
          "constant, step:EVERY:GAMMA, exponential:GAMMA, cosine or plateau (default: ${DEFAULT-VALUE})")
  String schedule;

  @Option(
      names = "--warmup",
      defaultValue = "0",
      paramLabel = "EPOCHS",
      description = "linear warm-up epochs before the schedule (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      defaultValue = "10",
      description = "most epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "32",
      description = "samples per step (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "seed of the weights, shuffles and splits (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--validation-split",
      defaultValue = "0.1",
      paramLabel = "FRACTION",
      description = "held out for validation (default: ${DEFAULT-VALUE})")
  double validationSplit;

  @Option(
      names = "--test-split",
      defaultValue = "0",
      paramLabel = "FRACTION",
      description = "held out for testing when there is no --test (default: ${DEFAULT-VALUE})")
  double testSplit;

  @Option(
      names = "--stratify",
      negatable = true,
      description = "keep class proportions in the splits (--no-stratify: do not; default: do not)")
  boolean stratify;

  @Option(
      names = "--early-stopping",
      paramLabel = "PATIENCE",
      description =
          "stop after this many epochs without a better validation loss, keeping the best weights;"
              + " off for never, to switch off a recipe's (default: never)")
  String earlyStopping;

  /** The patience --early-stopping gives, or null if it is not given or is off. */
  Integer patience() {
    return earlyStopping == null || earlyStopping.equals("off")
        ? null
        : Integer.valueOf(earlyStopping);
  }

  @Option(
      names = "--scale",
      paramLabel = "KIND",
      defaultValue = "standard",
      description =
          "feature scaling fitted on the training data: standard, minmax or none (default: ${DEFAULT-VALUE})")
  String scale;

  @Option(
      names = "--dtype",
      paramLabel = "TYPE",
      defaultValue = "float32",
      description = "float32 or float64 (default: ${DEFAULT-VALUE})")
  String dtype;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** The options that change a recipe, in the order overrides are listed. */
  private static final List<String> RECIPE_OPTIONS =
      List.of(
          "--layers",
          "--loss",
          "--optimizer",
          "--lr",
          "--momentum",
          "--weight-decay",
          "--schedule",
          "--warmup",
          "--epochs",
          "--batch-size",
          "--seed",
          "--validation-split",
          "--test-split",
          "--stratify",
          "--early-stopping",
          "--scale",
          "--dtype");

  private Recipe base;
  private Model baseModel;
  private boolean baseRead;

  /**
   * The recipe of {@code --recipe}, or null without it.
   *
   * @throws IllegalArgumentException if the file cannot be read as a recipe or a model with one
   */
  Recipe base() throws IOException {
    if (!baseRead) {
      base = recipeFile == null ? null : read(recipeFile);
      baseRead = true;
    }
    return base;
  }

  /** The model {@code --recipe} named, or null if it named a recipe file or nothing. */
  Model baseModel() throws IOException {
    base();
    return baseModel;
  }

  /**
   * A recipe file or the recipe of a model file. A model file is a safetensors file: an 8-byte
   * little-endian header length that fits the file, then the header's '{'; anything else is read as
   * a recipe, whose errors then say what is wrong with it as JSON.
   */
  private Recipe read(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException("--recipe: " + file + " is a directory, not a file");
    }
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("--recipe: " + file + " does not exist");
    }
    if (!isModelFile(file)) {
      return RecipeJson.read(file);
    }
    Model model = ModelFile.read(file);
    baseModel = model;
    if (model.recipe() == null) {
      throw new IllegalArgumentException(
          "--recipe: "
              + file
              + " holds no recipe (it was trained without one, or by an older Nabla), so its run"
              + " cannot be replayed");
    }
    return model.recipe();
  }

  /** Whether the file starts as a safetensors file does. */
  static boolean isModelFile(Path file) throws IOException {
    long size = Files.size(file);
    if (size < 10) {
      return false;
    }
    byte[] start = new byte[9];
    try (InputStream in = Files.newInputStream(file)) {
      if (in.readNBytes(start, 0, 9) < 9) {
        return false;
      }
    }
    long headerLength =
        java.nio.ByteBuffer.wrap(start, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    return headerLength >= 2 && headerLength <= size - 8 && start[8] == '{';
  }

  /** Whether the option decides this run: always without a recipe, if given with one. */
  private boolean counts(String option) {
    return recipeFile == null || given(option);
  }

  private boolean given(String option) {
    ParseResult parsed = command.commandLine().getParseResult();
    return parsed != null && parsed.hasMatchedOption(option);
  }

  /** The options given beside {@code --recipe}, as typed: what this run changed in the recipe. */
  List<String> overrides() {
    List<String> given = new ArrayList<>();
    if (recipeFile == null) {
      return given;
    }
    ParseResult parsed = command.commandLine().getParseResult();
    for (String option : RECIPE_OPTIONS) {
      if (given(option)) {
        List<String> values = parsed.matchedOption(option).stringValues();
        given.add(option + (values.isEmpty() ? "" : " " + String.join(",", values)));
      }
    }
    return given;
  }

  /** The precision of the run. */
  DType precision() throws IOException {
    checkOptions();
    if (!counts("--dtype")) {
      return base().dtype();
    }
    try {
      return DType.parse(dtype);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          command.commandLine(), "--dtype: " + e.getMessage());
    }
  }

  /**
   * Checks the values given on the command line, naming the option: the recipe's own checks would
   * name the recipe's fields ({@code batchSize}), which a user of the command line never wrote.
   */
  private void checkOptions() {
    try {
      checkValues();
    } catch (IllegalArgumentException e) {
      // A bad option value is a bad command line: exit 2 and where the help is, like a bad type.
      throw new picocli.CommandLine.ParameterException(command.commandLine(), e.getMessage());
    }
  }

  private void checkValues() {
    ScheduleSpec.parse(schedule, warmup);
    LayerText.parse(layers, "--layers");
    require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
    require(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
    require(
        validationSplit >= 0 && validationSplit < 1,
        "--validation-split must be at least 0 and below 1, got " + validationSplit);
    require(
        testSplit >= 0 && testSplit < 1,
        "--test-split must be at least 0 and below 1, got " + testSplit);
    require(warmup >= 0, "--warmup must be at least 0 epochs, got " + warmup);
    require(
        earlyStopping == null || earlyStopping.equals("off") || earlyStopping.matches("\\d{1,9}"),
        "--early-stopping takes a number of epochs, or off; got '" + earlyStopping + "'");
    require(
        Preprocessing.SCALINGS.contains(scale),
        "--scale must be standard, minmax or none, got '"
            + scale
            + "'"
            + Suggestions.didYouMean(scale, Preprocessing.SCALINGS));
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The scaling, the test split and stratification. */
  Preprocessing preprocessing() throws IOException {
    Preprocessing from = base() == null ? Preprocessing.DEFAULT : base().preprocessing();
    return new Preprocessing(
        counts("--scale") ? scale : from.scaling(),
        counts("--test-split") ? testSplit : from.testSplit(),
        counts("--stratify") ? stratify : from.stratify());
  }

  /** Epochs, batches, seed, validation split and early stopping. */
  TrainingConfig training() throws IOException {
    TrainingConfig.Builder config =
        base() == null ? TrainingConfig.builder() : base().training().toBuilder();
    if (counts("--epochs")) {
      config.epochs(epochs);
    }
    if (counts("--batch-size")) {
      config.batchSize(batchSize);
    }
    if (counts("--seed")) {
      config.seed(seed);
    }
    if (counts("--validation-split")) {
      config.validationSplit(validationSplit);
    }
    if ("off".equals(earlyStopping)) {
      config.earlyStopping(null);
    } else if (patience() != null) {
      config.earlyStopping(EarlyStopping.onValidationLoss(patience()));
    }
    return config.build();
  }

  /**
   * The whole recipe, once the data is known: without a recipe (or with {@code --layers}) the
   * hidden layers come from {@code --layers} and the output layer from the data, {@code outputs}
   * wide; the loss is {@code --loss}, the recipe's, or {@code defaultLoss}.
   */
  Recipe recipe(int inputs, int outputs, boolean classification) throws IOException {
    String defaultLoss = classification ? "softmax_cross_entropy" : "mse";
    List<LayerSpec> layerSpecs;
    if (counts("--layers")) {
      layerSpecs = new ArrayList<>(LayerText.parse(layers, "--layers"));
      layerSpecs.add(LayerSpec.of("dense", "units", outputs));
    } else {
      layerSpecs = base().layers();
    }
    String lossName = loss != null ? loss : base() != null ? base().loss() : defaultLoss;
    OptimizerSpec optimizerSpec;
    try {
      optimizerSpec = base() == null ? optimizer.spec("adam") : optimizer.over(base().optimizer());
    } catch (IllegalArgumentException e) {
      // --optimizer, --lr, --momentum or --weight-decay: a bad command line.
      throw new picocli.CommandLine.ParameterException(command.commandLine(), e.getMessage());
    }
    ScheduleSpec scheduleSpec = schedule();
    Recipe recipe =
        new Recipe(
            layerSpecs,
            precision(),
            lossName,
            // Every hyper-parameter written out, so the recipe replays whatever defaults become.
            optimizerSpec.create().spec(),
            scheduleSpec,
            base() == null ? Regularization.NONE : base().regularization(),
            training(),
            preprocessing());
    int gives = recipe.outputSize(inputs);
    if (gives != outputs) {
      throw new IllegalArgumentException(
          recipeFile
              + ": the recipe's last layer gives "
              + gives
              + (gives == 1 ? " output" : " outputs")
              + ", but the data has "
              + outputs
              + (outputs == 1 ? " target" : " targets (one per class)")
              + "; change the output layer's units in the recipe (layers["
              + (layerSpecs.size() - 1)
              + "] or the last dense layer), or give --layers, which replaces all its layers");
    }
    if (!classification && Losses.takesClasses(lossName)) {
      throw new IllegalArgumentException(
          (loss != null ? "--loss " : recipeFile + ": the recipe's loss ")
              + lossName
              + " needs classes, but the targets are numbers (--regression); use mse, mae, huber"
              + " or half_squared_error");
    }
    return recipe;
  }

  private ScheduleSpec schedule() throws IOException {
    if (base() == null) {
      return ScheduleSpec.parse(schedule, warmup);
    }
    if (given("--schedule")) {
      // The recipe's warm-up stays unless --warmup changes it too.
      return ScheduleSpec.parse(schedule, given("--warmup") ? warmup : base().schedule().warmup());
    }
    ScheduleSpec spec = base().schedule();
    if (given("--warmup")) {
      spec =
          warmup == 0
              ? new ScheduleSpec(spec.type(), spec.config().without("warmup"))
              : spec.with("warmup", warmup);
    }
    return spec;
  }
}
