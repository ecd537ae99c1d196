package dev.nabla.losses;

import dev.nabla.tensor.Tensor;

/**
 * A loss that is a sum of per-element terms {@code ℓ(ŷ, y)}: {@code L = Σ ℓ(ŷᵢ, yᵢ) / divisor},
 * where the divisor is 1 for {@link Reduction#SUM} and {@link #meanDivisor} for {@link
 * Reduction#MEAN}; so {@code ∂L/∂ŷᵢ = ℓ′(ŷᵢ, yᵢ) / divisor}.
 */
public interface ElementwiseLoss extends Loss {
  /** {@code ℓ(ŷ, y)}. */
  double elementValue(double prediction, double target);

  /** {@code ∂ℓ/∂ŷ}. */
  double elementDerivative(double prediction, double target);

  /** What {@link Reduction#MEAN} divides by: the number of elements, as in PyTorch. */
  default double meanDivisor(Tensor prediction) {
    return prediction.size();
  }

  private double divisor(Tensor prediction) {
    return reduction() == Reduction.SUM || prediction.size() == 0 ? 1 : meanDivisor(prediction);
  }

  @Override
  default double value(Tensor prediction, Tensor target) {
    requireSameShape(prediction, target);
    double sum = 0;
    for (int index = 0; index < prediction.size(); index++) {
      sum += elementValue(prediction.get(index), target.get(index));
    }
    return sum / divisor(prediction);
  }

  @Override
  default void gradient(Tensor prediction, Tensor target, Tensor gradient) {
    requireSameShape(prediction, target);
    double divisor = divisor(prediction);
    for (int index = 0; index < prediction.size(); index++) {
      gradient.set(index, elementDerivative(prediction.get(index), target.get(index)) / divisor);
    }
  }
}
