package dev.nabla.losses;

import dev.nabla.activations.Sigmoid;

/**
 * Binary cross-entropy on logits {@code z}, with {@code p = σ(z)}, as PyTorch's {@code
 * BCEWithLogitsLoss}: {@code max(z, 0) − z·y + ln(1 + e^(−|z|))} per element, which equals {@code
 * −(y·ln p + (1−y)·ln(1−p))} without overflow for large {@code |z|}; {@code ∂/∂z = σ(z) − y}.
 * {@code MEAN} divides by the number of elements.
 */
public record BinaryCrossEntropyWithLogits(Reduction reduction) implements ElementwiseLoss {
  public BinaryCrossEntropyWithLogits {
    java.util.Objects.requireNonNull(reduction, "reduction");
  }

  @Override
  public double elementValue(double logit, double target) {
    return Math.max(logit, 0) - logit * target + Math.log1p(Math.exp(-Math.abs(logit)));
  }

  @Override
  public double elementDerivative(double logit, double target) {
    return Sigmoid.sigmoid(logit) - target;
  }

  @Override
  public String toString() {
    return "BinaryCrossEntropyWithLogits(" + reduction + ")";
  }
}
