package dev.nabla.examples;

import static dev.nabla.examples.DemoReport.number;

import dev.nabla.activations.Activations;
import dev.nabla.initializers.Initializers;
import dev.nabla.layers.Dense;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Sgd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingListener;
import dev.nabla.training.TrainingResult;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seed notebook 003: generic layers chained with a compatibility check, LeakyReLU(0.1), MSE and
 * per-sample training. The notebook's initial weights (std {@code 1/(outs·ins)}) are nearly zero
 * and its target is all zeros, so nothing is learned there; here the weights start from He's scale
 * and the network learns three piecewise-linear functions of a 2-D input, which a leaky-ReLU
 * network can represent exactly: {@code max(x₀, x₁)}, {@code min(x₀, x₁)} and {@code |x₀ − x₁|}.
 */
final class Seed003GenericLayers implements Demo {
  static final int TRAINING_SAMPLES = 2000;
  static final int TEST_SAMPLES = 200;
  static final double LEARNING_RATE = 0.005;
  static final int EPOCHS = 20;
  static final long SEED = 3;

  @Override
  public String name() {
    return "seed003";
  }

  @Override
  public String description() {
    return "seed 003's generic leaky-ReLU layers learning max, min and |x₀ − x₁|, per sample";
  }

  static Tensor[] data(SplittableRandom random, int samples) {
    Tensor inputs = Tensor.zeros(DType.FLOAT64, samples, 2);
    Tensor targets = Tensor.zeros(DType.FLOAT64, samples, 3);
    for (int sample = 0; sample < samples; sample++) {
      double x0 = random.nextGaussian();
      double x1 = random.nextGaussian();
      inputs.set(sample, 0, x0);
      inputs.set(sample, 1, x1);
      targets.set(sample, 0, Math.max(x0, x1));
      targets.set(sample, 1, Math.min(x0, x1));
      targets.set(sample, 2, Math.abs(x0 - x1));
    }
    return new Tensor[] {inputs, targets};
  }

  @Override
  public DemoReport run(TrainingListener listener) {
    String compatibility;
    try {
      Network.builder(2).dense(4).add(new Dense(5, 1, true, DType.FLOAT64));
      compatibility = "(no error: this is a bug)";
    } catch (ShapeException expected) {
      compatibility = "Layer(2, 4) then Layer(5, 1): " + expected.getMessage();
    }

    SplittableRandom random = new SplittableRandom(SEED);
    Tensor[] training = data(random, TRAINING_SAMPLES);
    Tensor[] test = data(random, TEST_SAMPLES);
    Network network =
        Network.builder(2)
            .seed(SEED)
            .weightInitializer(Initializers.heNormal())
            .dense(16, Activations.leakyRelu(0.1))
            .dense(16, Activations.leakyRelu(0.1))
            .dense(3)
            .build();
    double testLossBefore = Losses.meanSquaredError().value(network.forward(test[0]), test[1]);

    TrainingResult result =
        Trainer.fit(
            network,
            Losses.meanSquaredError(),
            new Sgd(LEARNING_RATE),
            training[0],
            training[1],
            TrainingConfig.builder().epochs(EPOCHS).batchSize(1).seed(SEED).build());

    Tensor predictions = network.forward(test[0]);
    double testLoss = Losses.meanSquaredError().value(predictions, test[1]);
    int[] first = {0, 1, 2, 3, 4};
    return new DemoReport.Builder("Seed 003: generic layers with leaky ReLU")
        .section("The layer-compatibility check", List.of(compatibility))
        .section("Network", network.summary())
        .section(
            "Training",
            List.of(
                "per-sample SGD, learning rate "
                    + LEARNING_RATE
                    + ", "
                    + EPOCHS
                    + " epochs of "
                    + TRAINING_SAMPLES
                    + " samples",
                "mean squared error on "
                    + TEST_SAMPLES
                    + " unseen samples: "
                    + number(testLossBefore)
                    + " → "
                    + number(testLoss)))
        .section(
            "What it learned: [x₀, x₁] → [max, min, |x₀ − x₁|]",
            Tables.predictions(
                test[0].gatherRows(first, 0, 5),
                predictions.gatherRows(first, 0, 5),
                test[1].gatherRows(first, 0, 5)))
        .metric("test mean squared error before training", testLossBefore)
        .metric("test mean squared error", testLoss)
        .build();
  }
}
