package dev.nabla.metrics;

import dev.nabla.tensor.Tensor;
import java.util.Locale;

/**
 * Counts of (actual class, predicted class) pairs, with per-class precision, recall and F1 and
 * their macro averages (the unweighted mean over classes, as scikit-learn's {@code
 * average='macro'}). A class that is never predicted has precision 0; never present, recall 0.
 */
public final class ConfusionMatrix {
  private final long[][] counts;

  private ConfusionMatrix(long[][] counts) {
    this.counts = counts;
  }

  /** The matrix of predictions against targets; for one-column data, threshold 0.5. */
  public static ConfusionMatrix of(Tensor predictions, Tensor targets) {
    return of(predictions, targets, 0.5);
  }

  /** The matrix with a decision threshold for one-column outputs (0 for logits). */
  public static ConfusionMatrix of(Tensor predictions, Tensor targets, double threshold) {
    Classes.requireSameShape("confusion matrix", predictions, targets);
    int classes = Classes.count(predictions);
    long[][] counts = new long[classes][classes];
    for (int row = 0; row < predictions.rows(); row++) {
      counts[Classes.of(targets, row, 0.5)][Classes.of(predictions, row, threshold)]++;
    }
    return new ConfusionMatrix(counts);
  }

  public int classes() {
    return counts.length;
  }

  /** How many samples of class {@code actual} were predicted as {@code predicted}. */
  public long count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  public long total() {
    long total = 0;
    for (long[] row : counts) {
      for (long count : row) {
        total += count;
      }
    }
    return total;
  }

  public double accuracy() {
    long correct = 0;
    for (int c = 0; c < counts.length; c++) {
      correct += counts[c][c];
    }
    return total() == 0 ? 0 : (double) correct / total();
  }

  /** Of the samples predicted as {@code c}, the fraction that are {@code c}. */
  public double precision(int c) {
    long predicted = 0;
    for (long[] row : counts) {
      predicted += row[c];
    }
    return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
  }

  /** Of the samples of class {@code c}, the fraction predicted as {@code c}. */
  public double recall(int c) {
    long actual = 0;
    for (long count : counts[c]) {
      actual += count;
    }
    return actual == 0 ? 0 : (double) counts[c][c] / actual;
  }

  /** The harmonic mean of precision and recall of class {@code c}; 0 when both are 0. */
  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  public double macroPrecision() {
    double sum = 0;
    for (int c = 0; c < counts.length; c++) {
      sum += precision(c);
    }
    return sum / counts.length;
  }

  public double macroRecall() {
    double sum = 0;
    for (int c = 0; c < counts.length; c++) {
      sum += recall(c);
    }
    return sum / counts.length;
  }

  public double macroF1() {
    double sum = 0;
    for (int c = 0; c < counts.length; c++) {
      sum += f1(c);
    }
    return sum / counts.length;
  }

  /** Rows are actual classes, columns predicted ones. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("actual \\ predicted\n");
    for (int actual = 0; actual < counts.length; actual++) {
      for (int predicted = 0; predicted < counts.length; predicted++) {
        text.append(String.format(Locale.ROOT, "%8d", counts[actual][predicted]));
      }
      text.append('\n');
    }
    return text.toString();
  }
}
