package dev.nabla.examples;

import static dev.nabla.examples.DemoReport.number;

import dev.nabla.activations.Activations;
import dev.nabla.initializers.Initializers;
import dev.nabla.losses.HalfSquaredError;
import dev.nabla.losses.Losses;
import dev.nabla.losses.Reduction;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Sgd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingListener;
import dev.nabla.training.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seed notebook 001: a 2-5-1 ReLU network trained full-batch on 1000 samples of {@code y = 10·x₀·x₁
 * + noise}. The update is the notebook's: the gradient of {@code ½Σ(ŷ − y)²} summed over the batch,
 * learning rate 10⁻⁴, weights and biases drawn from U(0, 1).
 */
final class Seed001Product implements Demo {
  static final int SAMPLES = 1000;
  static final double LEARNING_RATE = 1e-4;
  // The loss falls at every epoch up to 658, then wobbles by ~1e-6 relative on a plateau
  // (MSE ≈ 0.1722) as ReLU units switch on and off for single samples; 600 stays in the descent.
  static final int EPOCHS = 600;
  static final long SEED = 1;

  @Override
  public String name() {
    return "seed001";
  }

  @Override
  public String description() {
    return "10·x₀·x₁ + noise with seed 001's 2-5-1 ReLU network, full batch";
  }

  /** How much the loss ever went up from one epoch to the next; 0 when it fell steadily. */
  static double largestRise(List<Double> history) {
    double rise = 0;
    for (int epoch = 1; epoch < history.size(); epoch++) {
      rise = Math.max(rise, history.get(epoch) - history.get(epoch - 1));
    }
    return rise;
  }

  /**
   * The notebook's two bugs, named, and what Nabla does instead: a loss is one number with its
   * reduction; a shape comes from the tensors given, and a mismatch is an error naming both.
   */
  static List<String> bugs(Tensor predictions, Tensor targets) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "1. loss() returns np.abs((np.squeeze(predictions) − targets)²), one number per sample"
            + " (a [1000] array), though its docstring says mean squared error and the cell"
            + " shows a single 1.6007. Nabla's loss is one number, its reduction stated: MSE"
            + " of these predictions = "
            + number(Losses.meanSquaredError().value(predictions, targets))
            + ", the mean over 1000 samples.");
    lines.add(
        "2. backward_pass reshapes the targets with targets.reshape(output.shape), reading a"
            + " global output left over from an earlier cell instead of its own outp: it breaks"
            + " (or silently uses a stale shape) when that global changes. Nabla takes every"
            + " shape from the tensors it is given; a mismatch is an error naming both:");
    Tensor flat = Tensor.zeros(DType.FLOAT64, 1, targets.rows());
    try {
      Losses.meanSquaredError().value(predictions, flat);
      lines.add("   (no error: this is a bug)");
    } catch (ShapeException expected) {
      lines.add("   " + expected.getMessage());
    }
    return lines;
  }

  @Override
  public DemoReport run(TrainingListener listener) {
    SplittableRandom random = new SplittableRandom(SEED);
    Tensor features = Tensor.zeros(DType.FLOAT64, SAMPLES, 2);
    Tensor targets = Tensor.zeros(DType.FLOAT64, SAMPLES, 1);
    for (int sample = 0; sample < SAMPLES; sample++) {
      double x0 = random.nextDouble();
      double x1 = random.nextDouble();
      features.set(sample, 0, x0);
      features.set(sample, 1, x1);
      targets.set(sample, 10 * x0 * x1 + 0.3 * random.nextDouble() - 0.15);
    }
    Network network =
        Network.builder(2)
            .seed(SEED)
            .weightInitializer(Initializers.uniform(0, 1))
            .biasInitializer(Initializers.uniform(0, 1))
            .dense(5, Activations.relu())
            .dense(1)
            .build();
    double initialMse = Losses.meanSquaredError().value(network.forward(features), targets);

    TrainingResult result =
        Trainer.fit(
            network,
            new HalfSquaredError(Reduction.SUM),
            new Sgd(LEARNING_RATE),
            features,
            targets,
            TrainingConfig.builder().epochs(EPOCHS).fullBatch().build());

    Tensor predictions = network.forward(features);
    double mse = Losses.meanSquaredError().value(predictions, targets);
    List<String> training = new ArrayList<>();
    training.add(
        EPOCHS + " full-batch steps, learning rate " + LEARNING_RATE + " on the summed gradient");
    for (int epoch : new int[] {1, 10, 100, 300, EPOCHS}) {
      training.add(
          "epoch "
              + epoch
              + ": mean squared error "
              + number(2 * result.lossHistory().get(epoch - 1) / SAMPLES));
    }
    return new DemoReport.Builder("Seed 001: y = 10·x₀·x₁ + noise with a 2-5-1 ReLU network")
        .section("Network", network.summary())
        .section("Training", training)
        .section(
            "What it learned (first 5 samples)",
            Tables.predictions(
                features.gatherRows(new int[] {0, 1, 2, 3, 4}, 0, 5),
                predictions.gatherRows(new int[] {0, 1, 2, 3, 4}, 0, 5),
                targets.gatherRows(new int[] {0, 1, 2, 3, 4}, 0, 5)))
        .section("The notebook's two bugs", bugs(predictions, targets))
        .section(
            "Result",
            List.of(
                "mean squared error " + number(initialMse) + " → " + number(mse),
                "the noise alone has variance 0.0075; five ReLU units that start from positive"
                    + " weights settle near 0.17, and a wider network gets closer to the floor"))
        .save(
            new DemoReport.Saved(
                "seed001",
                network,
                "half_squared_error:sum",
                List.of("x0", "x1"),
                List.of(),
                "seed 001's 2-5-1 network after " + EPOCHS + " full-batch steps"))
        .metric("initial mean squared error", initialMse)
        .metric("mean squared error", mse)
        .metric("largest rise of the loss between epochs", largestRise(result.lossHistory()))
        .build();
  }
}
