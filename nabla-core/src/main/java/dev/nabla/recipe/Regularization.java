package dev.nabla.recipe;

import dev.nabla.regularization.MaxNorm;
import dev.nabla.regularization.Penalty;

/**
 * The regularisation of every dense layer's weights (biases are never penalised, as in Keras's
 * {@code kernel_regularizer}): an L1 and an L2 penalty added to the loss, and a max-norm constraint
 * applied after each step.
 *
 * @param l1 λ₁ ≥ 0 of {@code λ₁·Σ|w|}; 0 for none
 * @param l2 λ₂ ≥ 0 of {@code λ₂·Σw²}; 0 for none
 * @param maxNorm the largest norm of a unit's incoming weights, > 0; NaN for none
 */
public record Regularization(double l1, double l2, double maxNorm) {
  /** No penalty and no constraint. */
  public static final Regularization NONE = new Regularization(0, 0, Double.NaN);

  /**
   * @throws IllegalArgumentException naming the value at fault
   */
  public Regularization {
    new Penalty(l1, l2);
    if (!Double.isNaN(maxNorm)) {
      new MaxNorm(maxNorm);
    }
  }

  /** The penalty, or null for none. */
  public Penalty penalty() {
    return l1 == 0 && l2 == 0 ? null : new Penalty(l1, l2);
  }

  /** The constraint, or null for none. */
  public MaxNorm constraint() {
    return Double.isNaN(maxNorm) ? null : new MaxNorm(maxNorm);
  }
}
