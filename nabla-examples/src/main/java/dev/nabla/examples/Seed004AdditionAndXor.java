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
import java.util.List;
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
  static final int ADDITION_SAMPLES = 200;
  static final int ADDITION_EPOCHS = 50;
  static final double ADDITION_LEARNING_RATE = 0.01;

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
    Network adder = notebookNetwork(SEED);
    TrainingResult addition =
        Trainer.fit(
            adder,
            Losses.halfSquaredError(),
            new Sgd(ADDITION_LEARNING_RATE),
            pairs,
            sums,
            TrainingConfig.builder().epochs(ADDITION_EPOCHS).batchSize(1).seed(SEED).build());
    Tensor questions =
        Tensor.matrix(DType.FLOAT64, new double[][] {{0.2, 0.3}, {0.7, 0.2}, {1, 0}, {1, 1}});
    Tensor answers = Tensor.matrix(DType.FLOAT64, new double[][] {{0.5}, {0.9}, {1}, {2}});

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
        .section("Addition x₁ + x₂", additionLines)
        .section("XOR", xorLines)
        .section(
            "Note",
            "The notebook's XOR outputs were 0.68, 1.35, 0.28, 0.37: its first layer's gradient"
                + " used the target y where the input x belongs.")
        .metric("addition worst error", worstError(adder.forward(questions), answers))
        .metric("xor worst error", worstError(xorOutputs, xorTargets))
        .build();
  }
}
