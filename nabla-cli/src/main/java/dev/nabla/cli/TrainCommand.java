package dev.nabla.cli;

import dev.nabla.io.checkpoint.CheckpointFile;
import dev.nabla.io.checkpoint.CheckpointWriter;
import dev.nabla.io.data.Dataset;
import dev.nabla.io.data.Scaler;
import dev.nabla.io.data.Splits;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Losses;
import dev.nabla.metrics.Metric;
import dev.nabla.metrics.Metrics;
import dev.nabla.network.Network;
import dev.nabla.network.NetworkBuilder;
import dev.nabla.schedules.LearningRateSchedule;
import dev.nabla.schedules.ReduceOnPlateau;
import dev.nabla.schedules.Schedules;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.EarlyStopping;
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

  @Option(
      names = "--layers",
      defaultValue = "64:relu,64:relu",
      paramLabel = "SPEC",
      description =
          "hidden layers, comma-separated: UNITS[:ACTIVATION], dropout:RATE or batchnorm"
              + " (default: ${DEFAULT-VALUE})")
  String layers;

  @Option(names = "--loss", paramLabel = "NAME", description = "override the loss: " + Losses.KNOWN)
  String loss;

  @Mixin OptimizerOptions optimizerOptions;

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
      description = "linear warm-up epochs before the schedule")
  int warmup;

  @Option(
      names = "--epochs",
      defaultValue = "10",
      description = "most epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "32",
      description = "samples per step (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--seed",
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
      description = "held out for testing when there is no --test")
  double testSplit;

  @Option(names = "--stratify", description = "keep class proportions in the splits")
  boolean stratify;

  @Option(
      names = "--early-stopping",
      paramLabel = "PATIENCE",
      description =
          "stop after this many epochs without a better validation loss, keeping the best weights")
  Integer patience;

  @Option(
      names = "--scale",
      defaultValue = "standard",
      description =
          "feature scaling fitted on the training data: standard, minmax or none (default: ${DEFAULT-VALUE})")
  String scale;

  @Option(
      names = "--dtype",
      defaultValue = "float32",
      description = "float32 or float64 (default: ${DEFAULT-VALUE})")
  String dtype;

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

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    DType precision = DType.parse(dtype);
    if (resume && checkpointDirectory == null) {
      throw new IllegalArgumentException("--resume needs --checkpoint-dir");
    }
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
    Scaler scaler = Scaler.fit(scale, training.features());
    Tensor x =
        scaled(
            scaler,
            training.features(),
            precision,
            plots != null && Plots.readsTrainingFeatures(training, testSet));
    Tensor y = training.targets();

    NetworkBuilder builder = Network.builder(x.columns()).dtype(precision).seed(seed);
    LayersSpec.addTo(builder, layers);
    builder.dense(y.columns());
    Network network = builder.build();
    String lossName =
        loss != null ? loss : training.isClassification() ? "softmax_cross_entropy" : "mse";
    Loss lossFunction = Losses.parse(lossName);
    List<Metric> metrics =
        training.isClassification()
            ? List.of(Metrics.accuracy())
            : List.of(Metrics.rootMeanSquaredError());
    boolean validating = split.validation().size() > 0;
    TrainingConfig.Builder config =
        TrainingConfig.builder().epochs(epochs).batchSize(batchSize).seed(seed);
    if (patience != null) {
      if (!validating) {
        throw new IllegalArgumentException(
            "--early-stopping needs validation data: set --validation-split");
      }
      config.earlyStopping(EarlyStopping.onValidationLoss(patience));
    }
    Trainer.Builder trainer =
        Trainer.builder(lossFunction, optimizerOptions.create("adam"))
            .config(config.build())
            .schedule(schedule())
            .metrics(metrics.toArray(new Metric[0]))
            .listener(new Progress(out, System.console() != null, quiet));
    if (checkpointDirectory != null) {
      trainer.listener(new CheckpointWriter(checkpointDirectory, 1));
    }
    Tensor vx = validating ? scaled(scaler, split.validation().features(), precision, false) : null;
    Tensor vy = validating ? split.validation().targets() : null;
    if (!quiet) {
      out.print(network.summary());
      out.printf(
          Locale.ROOT,
          "training on %d samples, validating on %d%s%n",
          training.size(),
          validating ? split.validation().size() : 0,
          testSet == null ? "" : ", testing on " + testSet.size());
    }
    TrainingResult result;
    if (resume) {
      Path latest = latestCheckpoint(checkpointDirectory);
      if (!quiet) {
        out.println("resuming from " + latest);
      }
      result = trainer.build().resume(network, CheckpointFile.read(latest), x, y, vx, vy);
    } else {
      result = trainer.build().fit(network, x, y, vx, vy);
    }
    if (!quiet) {
      out.printf(
          Locale.ROOT,
          "stopped: %s after %d epochs, %d steps%n",
          result.reason(),
          result.epochs(),
          result.steps());
    }
    Model model =
        new Model(
            network,
            lossName,
            scaler,
            training.featureNames(),
            training.labelNames(),
            provenance(result));
    if (testSet != null && !quiet) {
      Tensor tx =
          scaled(
              scaler,
              testSet.features(),
              precision,
              plots != null && Plots.readsTestFeatures(training));
      Map<String, Double> measured =
          Evaluator.evaluate(network, lossFunction, tx, testSet.targets(), metrics, 1024);
      StringBuilder line = new StringBuilder("test:");
      measured.forEach(
          (name, value) -> line.append(String.format(Locale.ROOT, "  %s %.4f", name, value)));
      out.println(line);
    }
    ModelFile.write(output, model);
    if (plots != null) {
      Plots.write(plots, result, model, training, testSet, out, quiet);
    }
    if (!quiet) {
      out.println("wrote " + output);
    }
    return 0;
  }

  /**
   * The data, read and split. The whole set is not kept: the parts hold their own copies, or, when
   * nothing is held out, the training part is the data read, shuffled in place; Fashion-MNIST's
   * 60,000 images are 188 MB in float32.
   */
  private Splits.Split loadAndSplit(DType precision) {
    return Splits.splitInPlace(
        data.load(null, precision), validationSplit, test == null ? testSplit : 0, stratify, seed);
  }

  /**
   * The features scaled: in place, sparing a copy of the data, unless they are needed raw later or
   * are in another precision.
   */
  private static Tensor scaled(Scaler scaler, Tensor features, DType precision, boolean keepRaw) {
    return !keepRaw && features.dtype() == precision
        ? scaler.transformInPlace(features)
        : inPrecision(scaler.transform(features), precision);
  }

  /** The tensor itself if it already has the precision (no copy), else a converted copy. */
  private static Tensor inPrecision(Tensor tensor, DType precision) {
    return tensor.dtype() == precision ? tensor : tensor.to(precision);
  }

  private LearningRateSchedule schedule() {
    String[] parts = schedule.toLowerCase(Locale.ROOT).split(":");
    LearningRateSchedule base;
    try {
      base =
          switch (parts[0]) {
            case "constant" -> Schedules.constant();
            case "step" -> Schedules.step(Integer.parseInt(parts[1]), Double.parseDouble(parts[2]));
            case "exponential" -> Schedules.exponential(Double.parseDouble(parts[1]));
            case "cosine" -> Schedules.cosine(Math.max(1, epochs - warmup), 0);
            case "plateau" -> ReduceOnPlateau.builder().build();
            default -> throw new IllegalArgumentException("unknown");
          };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read --schedule '"
              + schedule
              + "'; expected constant, step:EVERY:GAMMA, exponential:GAMMA, cosine or plateau");
    }
    return warmup > 0 ? Schedules.warmup(warmup, base) : base;
  }

  private Map<String, String> provenance(TrainingResult result) throws IOException {
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("created", Instant.now().toString());
    provenance.put("nabla", Nabla.version());
    provenance.put("data", data.data.toString());
    provenance.put("dataSha256", sha256(data.data));
    if (data.labels != null) {
      provenance.put("labels", data.labels.toString());
    }
    provenance.put("layers", layers);
    provenance.put("optimizer", optimizerOptions.create("adam").toString());
    provenance.put(
        "schedule", schedule + (warmup > 0 ? " after " + warmup + " warm-up epochs" : ""));
    provenance.put("epochs", Integer.toString(result.epochs()));
    provenance.put("batchSize", Integer.toString(batchSize));
    provenance.put("seed", Long.toString(seed));
    provenance.put("validationSplit", Double.toString(validationSplit));
    provenance.put("scaling", scale);
    provenance.put("stopped", result.reason().toString());
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
