package dev.nabla.examples;

import static dev.nabla.examples.DemoReport.number;

import dev.nabla.layers.LayerText;
import dev.nabla.losses.Loss;
import dev.nabla.metrics.Metrics;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Sgd;
import dev.nabla.recipe.Preprocessing;
import dev.nabla.recipe.Recipe;
import dev.nabla.schedules.ScheduleSpec;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.BatchEnd;
import dev.nabla.training.EpochEnd;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingListener;
import dev.nabla.training.TrainingResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The default demo: points in the square [−1, 1]² are class 1 inside the circle of radius 0.7 and
 * class 0 outside, a boundary no straight line can draw. A 2-16-16-2 tanh network with softmax
 * cross-entropy learns it by mini-batch SGD and is scored on points it never saw.
 */
final class CirclesDemo implements Demo {
  static final double RADIUS = 0.7;
  static final int TRAINING_SAMPLES = 500;
  static final int TEST_SAMPLES = 500;
  static final double LEARNING_RATE = 0.3;
  static final int EPOCHS = 300;
  static final int BATCH_SIZE = 16;
  static final long SEED = 42;

  @Override
  public String name() {
    return "circles";
  }

  @Override
  public String description() {
    return "a 2-16-16-2 tanh network learning a circular boundary (the default)";
  }

  static Tensor[] data(SplittableRandom random, int samples) {
    Tensor points = Tensor.zeros(DType.FLOAT64, samples, 2);
    Tensor labels = Tensor.zeros(DType.FLOAT64, samples, 2);
    for (int sample = 0; sample < samples; sample++) {
      double x = random.nextDouble(-1, 1);
      double y = random.nextDouble(-1, 1);
      points.set(sample, 0, x);
      points.set(sample, 1, y);
      labels.set(sample, x * x + y * y < RADIUS * RADIUS ? 1 : 0, 1);
    }
    return new Tensor[] {points, labels};
  }

  /** The fraction of rows whose largest output is the target's class. */
  static double accuracy(Tensor outputs, Tensor oneHot) {
    int correct = 0;
    for (int row = 0; row < outputs.rows(); row++) {
      int predicted = outputs.get(row, 1) > outputs.get(row, 0) ? 1 : 0;
      if (oneHot.get(row, predicted) == 1) {
        correct++;
      }
    }
    return (double) correct / outputs.rows();
  }

  /**
   * The run as a recipe: 2-16-16-2 tanh, softmax cross-entropy, SGD at 0.3 decaying to 0 (cosine
   * decay settles the last epochs, which a constant 0.3 leaves noisy), batches of 16, no scaling.
   */
  static Recipe recipe() {
    return Recipe.builder(LayerText.parse("16:tanh,16:tanh,2"), "softmax_cross_entropy")
        .dtype(DType.FLOAT64)
        .optimizer(new Sgd(LEARNING_RATE).spec())
        .schedule(ScheduleSpec.of("cosine", "minimumRate", 0.0))
        .training(TrainingConfig.builder().epochs(EPOCHS).batchSize(BATCH_SIZE).seed(SEED).build())
        .preprocessing(new Preprocessing("none", 0, false))
        .build();
  }

  static Network network() {
    return recipe().network(2);
  }

  @Override
  public DemoReport run(TrainingListener listener) {
    SplittableRandom random = new SplittableRandom(SEED);
    Tensor[] training = data(random, TRAINING_SAMPLES);
    Tensor[] test = data(random, TEST_SAMPLES);
    Network network = network();

    List<String> progress = new ArrayList<>();
    Loss loss = recipe().lossFunction();
    List<Double> testLoss = new ArrayList<>();
    List<Double> testAccuracy = new ArrayList<>();
    TrainingResult trained =
        recipe()
            .trainerBuilder(Metrics.accuracy())
            .listener(
                new TrainingListener() {
                  @Override
                  public void onEpochEnd(EpochEnd event) {
                    Tensor outputs = network.predict(test[0]);
                    testLoss.add(loss.value(outputs, test[1]));
                    testAccuracy.add(accuracy(outputs, test[1]));
                    if (event.epoch() == 1 || event.epoch() % 50 == 0) {
                      progress.add("epoch " + event.epoch() + ": loss " + number(event.loss()));
                    }
                    listener.onEpochEnd(event);
                  }

                  @Override
                  public void onBatchEnd(BatchEnd event) {
                    listener.onBatchEnd(event);
                  }
                })
            .build()
            .fit(network, training[0], training[1]);
    Map<String, List<Double>> history = new LinkedHashMap<>(trained.metricHistory());
    history.put("test loss", testLoss);
    history.put("test accuracy", testAccuracy);
    TrainingResult result =
        new TrainingResult(
            trained.reason(),
            trained.epochs(),
            trained.steps(),
            trained.finalLoss(),
            trained.lossHistory(),
            history,
            trained.bestEpoch(),
            trained.restoredBest());
    progress.add(
        0,
        "mini-batch SGD, learning rate "
            + LEARNING_RATE
            + " decaying to 0 (cosine)"
            + ", batch "
            + BATCH_SIZE
            + ", "
            + EPOCHS
            + " epochs of "
            + TRAINING_SAMPLES
            + " points");

    double trainingAccuracy = accuracy(network.forward(training[0]), training[1]);
    double finalTestAccuracy = accuracy(network.forward(test[0]), test[1]);
    return new DemoReport.Builder("Circles: learning a boundary no straight line can draw")
        .section("Network", network.summary())
        .section("Training", progress)
        .section(
            "Accuracy",
            List.of(
                "training: " + percent(trainingAccuracy) + " of " + TRAINING_SAMPLES + " points",
                "test:     "
                    + percent(finalTestAccuracy)
                    + " of "
                    + TEST_SAMPLES
                    + " unseen points"))
        .section(
            "What it learned (# inside, · outside; the true circle has radius 0.7)", map(network))
        .trained(
            new DemoReport.Trained(
                network,
                training[0],
                training[1],
                List.of("x", "y"),
                List.of("outside", "inside"),
                "softmax_cross_entropy",
                result,
                recipe(),
                test[0],
                test[1]))
        .metric("training accuracy", trainingAccuracy)
        .metric("test accuracy", finalTestAccuracy)
        .metric("final loss", result.finalLoss())
        .build();
  }

  private static String percent(double fraction) {
    return String.format(java.util.Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  /** The predicted class over a grid of the square, as characters. */
  private static List<String> map(Network network) {
    int width = 41;
    int height = 21;
    Tensor grid = Tensor.zeros(DType.FLOAT64, width * height, 2);
    for (int row = 0; row < height; row++) {
      for (int column = 0; column < width; column++) {
        grid.set(row * width + column, 0, -1 + 2.0 * column / (width - 1));
        grid.set(row * width + column, 1, 1 - 2.0 * row / (height - 1));
      }
    }
    Tensor outputs = network.forward(grid);
    List<String> lines = new ArrayList<>();
    for (int row = 0; row < height; row++) {
      StringBuilder line = new StringBuilder();
      for (int column = 0; column < width; column++) {
        int cell = row * width + column;
        line.append(outputs.get(cell, 1) > outputs.get(cell, 0) ? '#' : '·');
      }
      lines.add(line.toString());
    }
    return lines;
  }
}
