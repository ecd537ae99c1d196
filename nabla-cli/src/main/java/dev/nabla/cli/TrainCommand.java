package dev.nabla.cli;

import dev.nabla.checkpoint.Checkpoint;
import dev.nabla.io.checkpoint.CheckpointFile;
import dev.nabla.io.checkpoint.CheckpointWriter;
import dev.nabla.io.data.Dataset;
import dev.nabla.io.data.FeatureRange;
import dev.nabla.io.data.Scaler;
import dev.nabla.io.data.Splits;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.io.training.RecipeTraining;
import dev.nabla.layers.TensorSpec;
import dev.nabla.losses.Loss;
import dev.nabla.metrics.Metric;
import dev.nabla.network.Network;
import dev.nabla.recipe.Preprocessing;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.MatrixBackends;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.Evaluator;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nabla train}: trains a network on a data file and writes the model file. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Trains a network on labelled data and writes a model file.",
      "The output layer follows the data: one unit per class (softmax cross-entropy) or per"
          + " regression target (mean squared error)."
    })
final class TrainCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Option(names = "--test", paramLabel = "FILE", description = "test data, reported after training")
  Path test;

  @Option(names = "--test-labels", paramLabel = "FILE", description = "IDX labels for --test")
  Path testLabels;

  @Mixin RecipeOptions recipeOptions;

  @Option(
      names = "--checkpoint-dir",
      paramLabel = "DIR",
      description = "write a checkpoint there after every epoch")
  Path checkpointDirectory;

  @Option(
      names = "--resume",
      description = "continue from the latest checkpoint in --checkpoint-dir")
  boolean resume;

  @Option(
      names = "--accept-changes",
      description =
          "with --resume, continue even though the recipe or the data differ from the"
              + " checkpoint's (the differences are recorded in the model)")
  boolean acceptChanges;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "model.nabla",
      paramLabel = "FILE",
      description = "the model file to write (default: ${DEFAULT-VALUE})")
  Path output;

  @Option(
      names = "--plots",
      paramLabel = "DIR",
      description = "write loss and metric curves (and more) as PNG files there")
  Path plots;

  @Option(
      names = {"-q", "--quiet"},
      description = "print only errors")
  boolean quiet;

  @Option(
      names = "--shards",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "split each batch into N shards, one replica of the network per core: 1 trains on one"
              + " thread; 0, the default, chooses by the step's cost (nabla info --backend). For"
              + " a given N a seed gives the same weights; another N rounds differently")
  int shards;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    checkRunOptions();
    DType precision = recipeOptions.precision();
    Splits.Split split = loadAndSplit(precision);
    Dataset training = split.training();
    Dataset testSet = null;
    if (test != null) {
      DataOptions testOptions = data.copyFor(test, testLabels);
      testSet =
          testOptions.load(training.isClassification() ? training.labelNames() : null, precision);
    } else if (split.test().size() > 0) {
      testSet = split.test();
    }
    Recipe recipe =
        recipeOptions.recipe(
            training.features().columns(),
            training.targets().columns(),
            training.isClassification());
    if (recipeOptions.saveRecipe != null) {
      RecipeJson.write(recipeOptions.saveRecipe, recipe);
    }
    String dataSha256 = sha256(data.data);
    String dataIdentity = dataIdentity(dataSha256);
    noteOtherData(out, dataSha256);
    Scaler scaler = Scaler.fit(recipe.preprocessing().scaling(), training.features());
    featureNames = training.featureNames();
    Tensor x =
        scaled(
            scaler,
            training.features(),
            precision,
            plots != null
                && Plots.readsTrainingFeatures(
                    training, testSet != null ? testSet : validatingPart(split)));
    Tensor y = training.targets();

    checkMemory(recipe, x.columns());
    Network network = recipe.network(x.columns());
    Loss lossFunction = recipe.lossFunction();
    List<Metric> metrics = RecipeTraining.metrics(training.isClassification());
    boolean validating = split.validation().size() > 0;
    if (recipe.training().earlyStopping() != null
        && recipe.training().earlyStopping().monitor().startsWith("validation")
        && !validating) {
      throw new IllegalArgumentException(
          recipeOptions.patience() != null || recipeOptions.recipeFile == null
              ? "--early-stopping needs validation data: set --validation-split"
              : recipeOptions.recipeFile
                  + ": training.earlyStopping watches the validation loss, but"
                  + " training.validationSplit is 0: set it, or give --validation-split");
    }
    Trainer.Builder trainer =
        recipe
            .trainerBuilder(metrics.toArray(new Metric[0]))
            .shards(shards)
            .listener(new Progress(out, System.console() != null, quiet));
    if (checkpointDirectory != null) {
      trainer.listener(
          new CheckpointWriter(
              checkpointDirectory,
              1,
              Map.of(
                  ResumeCheck.RECIPE, RecipeJson.toText(recipe), ResumeCheck.DATA, dataIdentity)));
    }
    // Without a test part, the plots show the validation part as the held-out data, raw.
    boolean plotsValidation = plots != null && testSet == null && validating;
    Tensor vx =
        validating
            ? scaled(
                scaler,
                split.validation().features(),
                precision,
                plotsValidation && Plots.readsTestFeatures(training))
            : null;
    Tensor vy = validating ? split.validation().targets() : null;
    Tensor tx =
        testSet == null
            ? null
            : scaled(
                scaler,
                testSet.features(),
                precision,
                plots != null && Plots.readsTestFeatures(training));
    TestCurves testCurves = null;
    if (plots != null && testSet != null) {
      testCurves = new TestCurves(network, lossFunction, tx, testSet.targets(), metrics);
      trainer.listener(testCurves);
    }
    if (!quiet) {
      out.print(network.summary());
      out.printf(
          Locale.ROOT,
          "training on %d samples, validating on %d%s%s%n",
          training.size(),
          validating ? split.validation().size() : 0,
          testSet == null ? "" : ", testing on " + testSet.size(),
          shardsNote(network, recipe.training().batchSize()));
    }
    Map<String, String> resumed = new LinkedHashMap<>();
    TrainingResult result =
        resume
            ? resumeRun(trainer.build(), recipe, dataIdentity, resumed, network, x, y, vx, vy, out)
            : trainer.build().fit(network, x, y, vx, vy);
    if (!quiet) {
      out.println(result.describe());
    }
    Map<String, String> provenance = provenance(recipe, result, dataSha256);
    provenance.putAll(resumed);
    Model model =
        new Model(
            network,
            recipe.loss(),
            scaler,
            training.featureNames(),
            training.labelNames(),
            provenance,
            recipe);
    if (testSet != null && !quiet) {
      Map<String, Double> measured =
          Evaluator.evaluate(network, lossFunction, tx, testSet.targets(), metrics, 1024);
      StringBuilder line = new StringBuilder("test:");
      measured.forEach(
          (name, value) -> line.append(String.format(Locale.ROOT, "  %s %.4f", name, value)));
      out.println(line);
    }
    ModelFile.write(output, model);
    if (plots != null) {
      Plots.write(
          plots,
          testCurves == null ? result : testCurves.addedTo(result),
          model,
          training,
          testSet != null ? testSet : validatingPart(split),
          testSet != null ? "test" : "validation",
          out,
          quiet);
    }
    if (!quiet) {
      out.println("wrote " + output);
    }
    return 0;
  }

  /** How the steps will run, when they are split: {@code ", each batch in 2 shards"}. */
  private String shardsNote(Network network, int batchSize) {
    int replicas =
        shards > 0
            ? Math.min(shards, batchSize)
            : dev.nabla.training.Sharding.replicas(network, batchSize);
    return replicas > 1 && network.replica() != null
        ? ", each batch in " + replicas + " shards"
        : "";
  }

  /** The options about the run itself that do not fit each other, refused before any reading. */
  private void checkRunOptions() {
    if (shards < 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--shards must be 0 (chosen by cost), 1 (one thread) or more, got " + shards);
    }
    if (resume && checkpointDirectory == null) {
      throw new IllegalArgumentException("--resume needs --checkpoint-dir");
    }
    if (checkpointDirectory != null
        && Files.exists(checkpointDirectory)
        && !Files.isDirectory(checkpointDirectory)) {
      throw new IllegalArgumentException(
          "--checkpoint-dir " + checkpointDirectory + " is a file, not a folder");
    }
    if (test != null
        && spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption("--test-split")) {
      throw new IllegalArgumentException(
          "--test and --test-split both say what to test on: give one of them");
    }
  }

  /**
   * Continues the run of the latest checkpoint, once it is the same run, or the differences are
   * accepted; what was resumed, and any accepted changes, go into {@code resumed} for the model.
   */
  private TrainingResult resumeRun(
      Trainer trainer,
      Recipe recipe,
      String dataIdentity,
      Map<String, String> resumed,
      Network network,
      Tensor x,
      Tensor y,
      Tensor vx,
      Tensor vy,
      PrintWriter out)
      throws IOException {
    Path latest = latestCheckpoint(checkpointDirectory);
    Checkpoint checkpoint;
    try {
      checkpoint = CheckpointFile.read(latest);
    } catch (IOException e) {
      throw new IOException(
          e.getMessage()
              + "; to resume from an earlier epoch, move it out of "
              + checkpointDirectory
              + " (the next latest is what --resume reads)",
          e);
    }
    ResumeCheck check = ResumeCheck.of(checkpoint, recipe, dataIdentity);
    if (!check.impossible().isEmpty()) {
      throw new IllegalArgumentException(
          "--resume: "
              + latest
              + " cannot be continued with another kind of "
              + String.join(" or ", check.impossible())
              + ": its saved state belongs to the old one; start a new run instead");
    }
    List<String> changes = check.changes();
    if (!changes.isEmpty() && !acceptChanges) {
      throw new IllegalArgumentException(
          "--resume: "
              + latest
              + " was written by another run:\n  "
              + String.join("\n  ", changes)
              + "\npass --accept-changes to continue it with this run's settings and data");
    }
    if (!quiet) {
      out.println("resuming from " + latest);
      changes.forEach(change -> out.println("  accepted: " + change));
    }
    resumed.put("resumedFrom", latest.toString());
    if (!changes.isEmpty()) {
      resumed.put("changesAcceptedOnResume", String.join("; ", changes));
    }
    return trainer.resume(network, checkpoint, x, y, vx, vy);
  }

  /**
   * Refuses, before allocating, a network whose parameters, gradients and optimizer state (up to
   * two tensors per parameter) cannot fit in this JVM's heap.
   */
  private static void checkMemory(Recipe recipe, int inputs) {
    long elements = 0;
    for (TensorSpec tensor : recipe.architecture(inputs).tensors().values()) {
      elements += tensor.shape().size();
    }
    long bytes = elements * (recipe.dtype() == DType.FLOAT64 ? 8 : 4) * 4;
    long heap = Runtime.getRuntime().maxMemory();
    if (bytes > heap) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "the network has %,d parameters, which with their gradients and optimizer state"
                  + " take %.1f GB, more than this JVM's %.1f GB: make the layers smaller, or"
                  + " give Java more memory (JAVA_OPTS=-Xmx…)",
              elements,
              bytes / 1e9,
              heap / 1e9));
    }
  }

  /**
   * What makes the data this run's: the SHA-256 of each file read, and the options that read them
   * (which column is the target, classes or numbers, delimiter, header).
   */
  private String dataIdentity(String dataSha256) throws IOException {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put(data.data.getFileName().toString(), dataSha256.substring(0, 16));
    if (data.labels != null) {
      parts.put(data.labels.getFileName().toString(), sha256(data.labels).substring(0, 16));
    }
    if (!data.isIdx()) {
      parts.put(
          "read as",
          "target "
              + (data.targets == null ? "last" : String.join(",", data.targets))
              + (data.regression ? " (numbers)" : " (classes)")
              + ", delimiter '"
              + data.delimiter
              + "'"
              + (data.noHeader ? ", no header" : ""));
    }
    return ResumeCheck.data(parts);
  }

  /** Replaying a model's recipe on other data, or on another backend, is allowed, but said. */
  private void noteOtherData(PrintWriter out, String dataSha256) throws IOException {
    if (quiet) {
      return;
    }
    Model source = recipeOptions.baseModel();
    String backend = source == null ? null : source.provenance().get("backend");
    if (backend != null && !backend.equals(MatrixBackends.current().name())) {
      out.println(
          "note: "
              + recipeOptions.recipeFile
              + " was trained with the "
              + backend
              + " matrix backend and this run uses "
              + MatrixBackends.current().name()
              + ", which sums in another order: the weights will differ slightly");
    }
    if (source != null) {
      String trained = source.provenance().get("dataSha256");
      if (trained != null && !trained.equals(dataSha256)) {
        out.println(
            "note: "
                + data.data
                + " is not the data "
                + recipeOptions.recipeFile
                + " was trained on (SHA-256 "
                + trained.substring(0, 12)
                + "…), so this run will not reproduce it");
      }
    }
  }

  /**
   * The data, read and split. The whole set is not kept: the parts hold their own copies, or, when
   * nothing is held out, the training part is the data read, shuffled in place; Fashion-MNIST's
   * 60,000 images are 188 MB in float32.
   */
  private Splits.Split loadAndSplit(DType precision) throws IOException {
    Preprocessing preprocessing = recipeOptions.preprocessing();
    TrainingConfig config = recipeOptions.training();
    return Splits.splitInPlace(
        data.load(null, precision),
        config.validationSplit(),
        test == null ? preprocessing.testSplit() : 0,
        preprocessing.stratify(),
        config.seed());
  }

  /**
   * The features scaled: in place, sparing a copy of the data, unless they are needed raw later or
   * are in another precision.
   */
  private Tensor scaled(Scaler scaler, Tensor features, DType precision, boolean keepRaw) {
    Tensor scaled =
        !keepRaw && features.dtype() == precision
            ? scaler.transformInPlace(features)
            : scaler.transform(features);
    // Before the cast: values float32 cannot hold, or cannot tell apart, are refused here.
    FeatureRange.check(scaled, precision, featureNames, data.data.toString());
    return inPrecision(scaled, precision);
  }

  /** The validation part, if the split made one. */
  private static Dataset validatingPart(Splits.Split split) {
    return split.validation().size() > 0 ? split.validation() : null;
  }

  /** The training data's feature names, for messages about them. */
  private List<String> featureNames = List.of();

  /** The tensor itself if it already has the precision (no copy), else a converted copy. */
  private static Tensor inPrecision(Tensor tensor, DType precision) {
    return tensor.dtype() == precision ? tensor : tensor.to(precision);
  }

  private Map<String, String> provenance(Recipe recipe, TrainingResult result, String dataSha256) {
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("created", Instant.now().toString());
    provenance.put("nabla", Nabla.version());
    provenance.put("data", data.data.toString());
    provenance.put("dataSha256", dataSha256);
    // Other backends sum in another order: a replay is bit for bit on the same one.
    provenance.put("backend", MatrixBackends.current().name());
    if (data.labels != null) {
      provenance.put("labels", data.labels.toString());
    }
    if (recipeOptions.recipeFile != null) {
      provenance.put("recipe", recipeOptions.recipeFile.toString());
      List<String> overrides = recipeOptions.overrides();
      if (!overrides.isEmpty()) {
        provenance.put("overrides", String.join(" ", overrides));
      }
    }
    provenance.put("optimizer", recipe.optimizer().toString());
    provenance.put("schedule", recipe.schedule().toString());
    provenance.put("epochs", Integer.toString(result.epochs()));
    provenance.put("seed", Long.toString(recipe.training().seed()));
    provenance.put("stopped", result.describe());
    return provenance;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      byte[] buffer = new byte[1 << 16];
      while (in.read(buffer) >= 0) {
        // Reading is what feeds the digest.
      }
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  private static Path latestCheckpoint(Path directory) throws IOException {
    try {
      return CheckpointWriter.latest(directory);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--resume: " + e.getMessage(), e);
    }
  }
}
