package dev.nabla.spark;

import dev.nabla.io.training.RecipeTraining;
import dev.nabla.metrics.ConfusionMatrix;
import dev.nabla.tensor.Tensor;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The training metrics of part of an epoch as sums that add up across batches and partitions: the
 * confusion counts of a classifier's predictions (accuracy is their diagonal over their total, as
 * {@link dev.nabla.metrics.Metrics#accuracy()} computes it from a {@link ConfusionMatrix}), or a
 * regressor's sum of squared errors and count of values (RMSE = √(Σ(ŷ − y)² / n), as {@link
 * dev.nabla.metrics.Metrics#rootMeanSquaredError()}). These are the metrics local training reports
 * each epoch ({@link RecipeTraining#metrics(boolean)}), measured on the predictions of the training
 * forward passes. Counts add exactly; the squared errors are added in partition order, so a run is
 * deterministic and equals one machine's to rounding.
 */
final class EpochMetrics implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Classes of a classifier, 0 for a regressor. */
  private final int classes;

  /** {@code counts[actual · classes + predicted]}. */
  private final long[] counts;

  private double squaredErrors;
  private long values;

  private EpochMetrics(int classes) {
    this.classes = classes;
    this.counts = new long[classes * classes];
  }

  /** Nothing measured yet: a classifier's of {@code outputs} classes, or a regressor's. */
  static EpochMetrics empty(boolean classes, int outputs) {
    return new EpochMetrics(classes ? outputs : 0);
  }

  /** Adds a batch: the forward pass's outputs and the targets, both {@code [rows × outputs]}. */
  void add(Tensor predictions, Tensor targets) {
    if (classes > 0) {
      ConfusionMatrix matrix = ConfusionMatrix.of(predictions, targets, 0.5);
      for (int actual = 0; actual < classes; actual++) {
        for (int predicted = 0; predicted < classes; predicted++) {
          counts[actual * classes + predicted] += matrix.count(actual, predicted);
        }
      }
    } else {
      for (int index = 0; index < predictions.size(); index++) {
        double error = predictions.get(index) - targets.get(index);
        squaredErrors += error * error;
      }
      values += predictions.size();
    }
  }

  /** Adds another part's sums (the caller adds them in partition order). */
  void add(EpochMetrics other) {
    if (other.classes != classes) {
      throw new IllegalArgumentException(
          "cannot add metrics of " + other.classes + " classes to metrics of " + classes);
    }
    for (int at = 0; at < counts.length; at++) {
      counts[at] += other.counts[at];
    }
    squaredErrors += other.squaredErrors;
    values += other.values;
  }

  /** The metrics by name, as local training's {@link dev.nabla.training.EpochEnd} holds them. */
  Map<String, Double> values() {
    Map<String, Double> values = new LinkedHashMap<>();
    String name = RecipeTraining.metrics(classes > 0).get(0).name();
    if (classes > 0) {
      long correct = 0;
      long total = 0;
      for (int actual = 0; actual < classes; actual++) {
        for (int predicted = 0; predicted < classes; predicted++) {
          total += counts[actual * classes + predicted];
        }
        correct += counts[actual * classes + actual];
      }
      values.put(name, total == 0 ? 0 : (double) correct / total);
    } else {
      values.put(name, Math.sqrt(this.values == 0 ? 0 : squaredErrors / this.values));
    }
    return values;
  }

  /** The sums as text, for a checkpoint's metadata: exact, {@link #parse} reads it back. */
  String text() {
    return classes > 0
        ? "counts "
            + classes
            + " "
            + String.join(" ", Arrays.stream(counts).mapToObj(Long::toString).toList())
        : String.format(Locale.ROOT, "squares %s %d", Double.toString(squaredErrors), values);
  }

  /**
   * The sums {@link #text} wrote, or empty ones when {@code text} is null (a run that started
   * before an epoch's first step).
   *
   * @throws IllegalArgumentException if the text is not such sums, or of another shape
   */
  static EpochMetrics parse(String text, boolean classes, int outputs) {
    EpochMetrics metrics = empty(classes, outputs);
    if (text == null) {
      return metrics;
    }
    String[] words = text.trim().split(" ");
    try {
      if (classes
          && words[0].equals("counts")
          && Integer.parseInt(words[1]) == outputs
          && words.length == 2 + outputs * outputs) {
        for (int at = 0; at < metrics.counts.length; at++) {
          metrics.counts[at] = Long.parseLong(words[2 + at]);
        }
        return metrics;
      }
      if (!classes && words[0].equals("squares") && words.length == 3) {
        metrics.squaredErrors = Double.parseDouble(words[1]);
        metrics.values = Long.parseLong(words[2]);
        return metrics;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        "the checkpoint's epoch metrics '" + text + "' are not this run's sums");
  }
}
