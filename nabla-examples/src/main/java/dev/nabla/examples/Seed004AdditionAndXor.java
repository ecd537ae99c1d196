package dev.nabla.examples;

import static dev.nabla.examples.DemoReport.number;

import dev.nabla.activations.Activation;
import dev.nabla.activations.Activations;
import dev.nabla.initializers.Initializers;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Sgd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingListener;
import dev.nabla.training.TrainingResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seed notebook 004: a 2-3-3-2-1 network whose every layer uses an activation that is {@code z} for
 * {@code z > 0} and {@code −0.2·z} otherwise (a leaky ReLU with a negative slope), trained per
 * sample with SGD at learning rate 0.2 on {@code ½(y − ŷ)²}, weights drawn from N(0, 1) and biases
 * zero. It learns addition, then XOR — which the notebook never managed, because its first layer's
 * weight gradient used the target in place of the input.
 */
final class Seed004AdditionAndXor implements Demo {
  static final Activation FOLDED = Activations.leakyRelu(-0.2);
  static final double LEARNING_RATE = 0.2;
  static final long SEED = 0;
  static final double[][] XOR_INPUTS = {{0, 1}, {0, 0}, {1, 0}, {1, 1}};
  static final double[][] XOR_TARGETS = {{1}, {0}, {1}, {0}};
  static final int XOR_EPOCHS = 2000;
  static final int NOTEBOOK_EPOCHS = 20;
  static final int NOTEBOOK_SAMPLES_PER_EPOCH = 100;
  static final double[] NOTEBOOK_ANSWERS = {0.49987784, 0.89843738, 0.99728911, 1.99931765};
  static final int ADDITION_SAMPLES = 200;
  static final int ADDITION_EPOCHS = 50;
  static final double ADDITION_LEARNING_RATE = LEARNING_RATE;

  @Override
  public String name() {
    return "seed004";
  }

  @Override
  public String description() {
    return "seed 004's 2-3-3-2-1 network with slope −0.2 learning addition, then XOR";
  }

  static Network notebookNetwork(long seed) {
    return Network.builder(2)
        .seed(seed)
        .weightInitializer(Initializers.normal(0, 1))
        .dense(3, FOLDED)
        .dense(3, FOLDED)
        .dense(2, FOLDED)
        .dense(1, FOLDED)
        .build();
  }

  /** XOR trained per sample from seed {@code seed}; returns the trained network. */
  static Network trainXor(long seed) {
    Network network = notebookNetwork(seed);
    Trainer.fit(
        network,
        Losses.halfSquaredError(),
        new Sgd(LEARNING_RATE),
        Tensor.matrix(DType.FLOAT64, XOR_INPUTS),
        Tensor.matrix(DType.FLOAT64, XOR_TARGETS),
        TrainingConfig.builder().epochs(XOR_EPOCHS).batchSize(1).seed(seed).build());
    return network;
  }

  /**
   * Addition as the notebook trains it: per-sample SGD at its rate 0.2, 20 epochs of 100 random
   * pairs of whole numbers 0 or 1 with their sums.
   */
  static TrainingResult trainAdditionAsTheNotebook(Network network, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int samples = NOTEBOOK_SAMPLES_PER_EPOCH;
    Tensor pairs = Tensor.zeros(DType.FLOAT64, samples * NOTEBOOK_EPOCHS, 2);
    Tensor sums = Tensor.zeros(DType.FLOAT64, samples * NOTEBOOK_EPOCHS, 1);
    for (int sample = 0; sample < pairs.rows(); sample++) {
      int y1 = random.nextInt(2);
      int y2 = random.nextInt(2);
      pairs.set(sample, 0, y1);
      pairs.set(sample, 1, y2);
      sums.set(sample, y1 + y2);
    }
    // Each epoch sees fresh random pairs, as the notebook draws them inside its loop.
    TrainingResult last = null;
    for (int epoch = 0; epoch < NOTEBOOK_EPOCHS; epoch++) {
      int[] rows = new int[samples];
      for (int k = 0; k < samples; k++) {
        rows[k] = epoch * samples + k;
      }
      last =
          Trainer.fit(
              network,
              Losses.halfSquaredError(),
              new Sgd(LEARNING_RATE),
              pairs.gatherRows(rows, 0, samples),
              sums.gatherRows(rows, 0, samples),
              // One sample's loss can be near 0 by chance, so a rise over the first batch's is no
              // sign of divergence here; NaN and infinities are still watched for.
              TrainingConfig.builder()
                  .epochs(1)
                  .batchSize(1)
                  .seed(seed + epoch)
                  .divergenceFactor(Double.NaN)
                  .build());
    }
    return last;
  }

  /** Every parameter copied by name: the notebook's {@code working_w_b} dictionary. */
  static Map<String, Tensor> saveWeights(Network network) {
    Map<String, Tensor> saved = new LinkedHashMap<>();
    network.parameters().forEach((name, parameter) -> saved.put(name, parameter.value().copy()));
    return saved;
  }

  /** Puts saved weights back, as the notebook's {@code w = working_w_b["w"]}. */
  static void restoreWeights(Network network, Map<String, Tensor> saved) {
    saved.forEach(network::setParameter);
  }

  static double worstError(Tensor outputs, Tensor targets) {
    double worst = 0;
    for (int index = 0; index < outputs.size(); index++) {
      worst = Math.max(worst, Math.abs(outputs.get(index) - targets.get(index)));
    }
    return worst;
  }

  @Override
  public DemoReport run(TrainingListener listener) {
    SplittableRandom random = new SplittableRandom(SEED);
    Tensor pairs = Tensor.zeros(DType.FLOAT64, ADDITION_SAMPLES, 2);
    Tensor sums = Tensor.zeros(DType.FLOAT64, ADDITION_SAMPLES, 1);
    for (int sample = 0; sample < ADDITION_SAMPLES; sample++) {
      double x1 = random.nextDouble();
      double x2 = random.nextDouble();
      pairs.set(sample, 0, x1);
      pairs.set(sample, 1, x2);
      sums.set(sample, x1 + x2);
    }
    Tensor questions =
        Tensor.matrix(DType.FLOAT64, new double[][] {{0.2, 0.3}, {0.7, 0.2}, {1, 0}, {1, 1}});
    Tensor answers = Tensor.matrix(DType.FLOAT64, new double[][] {{0.5}, {0.9}, {1}, {2}});

    // The notebook's addition: whole-number pairs, learning rate 0.2.
    Network notebookAdder = notebookNetwork(SEED);
    Tensor notebookBefore = notebookAdder.forward(questions);
    TrainingResult notebookRun = trainAdditionAsTheNotebook(notebookAdder, SEED);
    Tensor notebookAnswers = notebookAdder.forward(questions);
    List<String> notebookLines = new ArrayList<>();
    notebookLines.add(
        "per-sample SGD, learning rate "
            + LEARNING_RATE
            + ", "
            + NOTEBOOK_EPOCHS
            + " epochs of "
            + NOTEBOOK_SAMPLES_PER_EPOCH
            + " random pairs of 0s and 1s, as the notebook trains: last epoch's loss "
            + number(notebookRun.finalLoss()));
    for (int row = 0; row < questions.rows(); row++) {
      notebookLines.add(
          Tables.row(questions, row)
              + " → "
              + number(notebookAnswers.get(row))
              + "   notebook "
              + number(NOTEBOOK_ANSWERS[row])
              + "   target "
              + number(answers.get(row))
              + "   (before training "
              + number(notebookBefore.get(row))
              + ")");
    }
    notebookLines.add(
        "The notebook's first-layer gradient used the target where the input belongs; for"
            + " addition on 0/1 pairs that still converges, so lr 0.2 works here too, with the"
            + " correct gradient.");

    // Saved and restored, as the notebook's working_w_b dictionary.
    Map<String, Tensor> saved = saveWeights(notebookAdder);
    Trainer.fit(
        notebookAdder,
        Losses.halfSquaredError(),
        new Sgd(LEARNING_RATE),
        Tensor.matrix(DType.FLOAT64, XOR_INPUTS),
        Tensor.matrix(DType.FLOAT64, XOR_TARGETS),
        TrainingConfig.builder()
            .epochs(200)
            .batchSize(1)
            .seed(SEED)
            .divergenceFactor(Double.NaN)
            .build());
    Tensor overwritten = notebookAdder.forward(questions);
    restoreWeights(notebookAdder, saved);
    Tensor restored = notebookAdder.forward(questions);
    boolean same =
        java.util.Arrays.equals(restored.toDoubleArray(), notebookAnswers.toDoubleArray());
    List<String> saveLines =
        List.of(
            "saved " + saved.size() + " tensors by name: " + String.join(", ", saved.keySet()),
            "then 200 epochs of XOR overwrote them: [0.2, 0.3] → " + number(overwritten.get(0)),
            "restored: [0.2, 0.3] → "
                + number(restored.get(0))
                + (same ? ", every answer bit for bit as before" : ", NOT as before (a bug)"),
            "(nabla demo seed004 --output-dir DIR also writes them as DIR/seed004-adder.nabla,"
                + " which predict, evaluate and explain read)");

    Network adder = notebookNetwork(SEED);
    TrainingResult addition =
        Trainer.fit(
            adder,
            Losses.halfSquaredError(),
            new Sgd(ADDITION_LEARNING_RATE),
            pairs,
            sums,
            TrainingConfig.builder()
                .epochs(ADDITION_EPOCHS)
                .batchSize(1)
                .seed(SEED)
                .divergenceFactor(Double.NaN)
                .build());
    Network xor = trainXor(SEED);
    Tensor xorInputs = Tensor.matrix(DType.FLOAT64, XOR_INPUTS);
    Tensor xorTargets = Tensor.matrix(DType.FLOAT64, XOR_TARGETS);
    Tensor xorOutputs = xor.forward(xorInputs);
    double xorLoss = Losses.halfSquaredError().value(xorOutputs, xorTargets);

    List<String> additionLines = new ArrayList<>();
    additionLines.add(
        "per-sample SGD, learning rate "
            + ADDITION_LEARNING_RATE
            + ", "
            + ADDITION_EPOCHS
            + " epochs of "
            + ADDITION_SAMPLES
            + " random pairs in [0, 1]²: loss "
            + number(addition.lossHistory().get(0))
            + " → "
            + number(addition.finalLoss()));
    additionLines.add(
        "At the notebook's rate too. Nabla stops a run as diverged when a batch's loss exceeds"
            + " 1000 times the first batch's; with one sample per batch the first loss can be"
            + " 1e-6 by chance, so that guard is off in these per-sample runs (NaN and"
            + " infinities are still caught).");
    additionLines.addAll(Tables.predictions(questions, adder.forward(questions), answers));
    List<String> xorLines = new ArrayList<>();
    xorLines.add(
        "per-sample SGD, learning rate "
            + LEARNING_RATE
            + ", "
            + XOR_EPOCHS
            + " epochs of the 4 cases: loss "
            + number(xorLoss));
    xorLines.addAll(Tables.predictions(xorInputs, xorOutputs, xorTargets));
    return new DemoReport.Builder("Seed 004: addition and XOR with a −0.2 slope")
        .section("Network", adder.summary())
        .section("Addition x₁ + x₂, as the notebook trains it", notebookLines)
        .section("Saving and restoring the weights", saveLines)
        .section("Addition x₁ + x₂ on pairs from all of [0, 1]²", additionLines)
        .section("XOR", xorLines)
        .section(
            "Note",
            "The notebook's XOR outputs were 0.68, 1.35, 0.28, 0.37: its first layer's gradient"
                + " used the target y where the input x belongs.")
        .save(
            new DemoReport.Saved(
                "seed004-adder",
                notebookAdder,
                "half_squared_error",
                List.of("x1", "x2"),
                List.of(),
                "seed 004's network after learning addition as the notebook does (lr 0.2)"))
        .metric("addition worst error", worstError(adder.forward(questions), answers))
        .metric("notebook addition worst error", worstError(notebookAnswers, answers))
        .metric("restored predictions equal", same ? 1 : 0)
        .metric("xor worst error", worstError(xorOutputs, xorTargets))
        .build();
  }
}
