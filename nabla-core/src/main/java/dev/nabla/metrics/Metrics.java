package dev.nabla.metrics;

import dev.nabla.tensor.Tensor;
import java.util.function.ToDoubleBiFunction;

/** The standard metrics. */
public final class Metrics {
  private Metrics() {}

  private record Named(
      String name, boolean higherIsBetter, ToDoubleBiFunction<Tensor, Tensor> function)
      implements Metric {
    @Override
    public double compute(Tensor predictions, Tensor targets) {
      Classes.requireSameShape(name, predictions, targets);
      return function.applyAsDouble(predictions, targets);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The fraction of samples whose predicted class is the target class (threshold 0.5). */
  public static Metric accuracy() {
    return new Named("accuracy", true, (p, t) -> ConfusionMatrix.of(p, t, 0.5).accuracy());
  }

  /** Accuracy of one-column logits, whose decision threshold is 0. */
  public static Metric accuracyFromLogits() {
    return new Named("accuracy", true, (p, t) -> ConfusionMatrix.of(p, t, 0).accuracy());
  }

  /** The fraction of samples whose target class is among the {@code k} largest outputs. */
  public static Metric topKAccuracy(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be ≥ 1, got " + k);
    }
    return new Named(
        "top-" + k + " accuracy",
        true,
        (predictions, targets) -> {
          int columns = predictions.columns();
          long hits = 0;
          for (int row = 0; row < predictions.rows(); row++) {
            int target = Classes.of(targets, row, 0.5);
            double score = predictions.get(row * columns + target);
            int larger = 0;
            for (int column = 0; column < columns; column++) {
              // Ties are resolved in the target's favour only for earlier columns, as argmax.
              double other = predictions.get(row * columns + column);
              if (other > score || (other == score && column < target)) {
                larger++;
              }
            }
            hits += larger < k ? 1 : 0;
          }
          return predictions.rows() == 0 ? 0 : (double) hits / predictions.rows();
        });
  }

  public static Metric macroPrecision() {
    return new Named("macro precision", true, (p, t) -> ConfusionMatrix.of(p, t).macroPrecision());
  }

  public static Metric macroRecall() {
    return new Named("macro recall", true, (p, t) -> ConfusionMatrix.of(p, t).macroRecall());
  }

  public static Metric macroF1() {
    return new Named("macro F1", true, (p, t) -> ConfusionMatrix.of(p, t).macroF1());
  }

  /**
   * Cross-entropy of predicted probabilities, averaged over samples: {@code −Σⱼ yⱼ·ln pⱼ} per row,
   * or {@code −(y·ln p + (1−y)·ln(1−p))} for one column; {@code p} clipped to {@code [10⁻¹⁵, 1 −
   * 10⁻¹⁵]} as scikit-learn's {@code log_loss}.
   */
  public static Metric logLoss() {
    return new Named(
        "log-loss",
        false,
        (predictions, targets) -> {
          double total = 0;
          int columns = predictions.columns();
          for (int index = 0; index < predictions.size(); index++) {
            double p = Math.min(Math.max(predictions.get(index), 1e-15), 1 - 1e-15);
            double y = targets.get(index);
            total -= columns == 1 ? y * Math.log(p) + (1 - y) * Math.log(1 - p) : y * Math.log(p);
          }
          return predictions.rows() == 0 ? 0 : total / predictions.rows();
        });
  }

  public static Metric meanSquaredError() {
    return new Named("MSE", false, (p, t) -> meanSquared(p, t));
  }

  public static Metric rootMeanSquaredError() {
    return new Named("RMSE", false, (p, t) -> Math.sqrt(meanSquared(p, t)));
  }

  public static Metric meanAbsoluteError() {
    return new Named(
        "MAE",
        false,
        (predictions, targets) -> {
          double sum = 0;
          for (int index = 0; index < predictions.size(); index++) {
            sum += Math.abs(predictions.get(index) - targets.get(index));
          }
          return predictions.size() == 0 ? 0 : sum / predictions.size();
        });
  }

  /**
   * The coefficient of determination {@code R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²}, over all outputs
   * together, ȳ the mean of each output column (scikit-learn's {@code r2_score} with one output;
   * for several, the variance-weighted average).
   */
  public static Metric r2() {
    return new Named(
        "R²",
        true,
        (predictions, targets) -> {
          int columns = targets.columns();
          double[] means = new double[columns];
          for (int index = 0; index < targets.size(); index++) {
            means[index % columns] += targets.get(index) / targets.rows();
          }
          double residual = 0;
          double total = 0;
          for (int index = 0; index < targets.size(); index++) {
            double error = targets.get(index) - predictions.get(index);
            double spread = targets.get(index) - means[index % columns];
            residual += error * error;
            total += spread * spread;
          }
          return total == 0 ? 0 : 1 - residual / total;
        });
  }

  private static double meanSquared(Tensor predictions, Tensor targets) {
    double sum = 0;
    for (int index = 0; index < predictions.size(); index++) {
      double error = predictions.get(index) - targets.get(index);
      sum += error * error;
    }
    return predictions.size() == 0 ? 0 : sum / predictions.size();
  }
}
