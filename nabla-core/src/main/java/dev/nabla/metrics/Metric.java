package dev.nabla.metrics;

import dev.nabla.tensor.Tensor;

/** A number that says how well predictions match targets. */
public interface Metric {
  /** A short name for logs and reports, e.g. {@code accuracy}. */
  String name();

  /**
   * The metric over a batch.
   *
   * @param predictions {@code [samples × outputs]}, not modified
   * @param targets the same shape, not modified
   */
  double compute(Tensor predictions, Tensor targets);

  /** Whether larger is better (accuracy) rather than smaller (error). */
  boolean higherIsBetter();
}
