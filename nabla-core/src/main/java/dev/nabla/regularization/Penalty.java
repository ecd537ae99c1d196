package dev.nabla.regularization;

import dev.nabla.tensor.Tensor;

/**
 * A penalty {@code R(W)} added to the loss, with its gradient added to {@code ∂L/∂W}. As in Keras:
 * {@code L1: λ₁·Σ|w|}, gradient {@code λ₁·sign(w)}; {@code L2: λ₂·Σw²} (no ½), gradient {@code
 * 2λ₂·w}.
 *
 * @param l1 λ₁ ≥ 0
 * @param l2 λ₂ ≥ 0
 */
public record Penalty(double l1, double l2) {
  public Penalty {
    if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException(
          "penalty weights must be finite and ≥ 0, got l1=" + l1 + ", l2=" + l2);
    }
  }

  public static Penalty l1(double lambda) {
    return new Penalty(lambda, 0);
  }

  public static Penalty l2(double lambda) {
    return new Penalty(0, lambda);
  }

  /** {@code λ₁·Σ|w| + λ₂·Σw²}. */
  public double value(Tensor weights) {
    double absolute = 0;
    double squares = 0;
    for (int index = 0; index < weights.size(); index++) {
      double w = weights.get(index);
      absolute += Math.abs(w);
      squares += w * w;
    }
    return l1 * absolute + l2 * squares;
  }

  /**
   * {@code gradient += λ₁·sign(w) + 2λ₂·w}.
   *
   * @param gradient modified
   */
  public void addGradient(Tensor weights, Tensor gradient) {
    for (int index = 0; index < weights.size(); index++) {
      double w = weights.get(index);
      gradient.set(index, gradient.get(index) + l1 * Math.signum(w) + 2 * l2 * w);
    }
  }
}
