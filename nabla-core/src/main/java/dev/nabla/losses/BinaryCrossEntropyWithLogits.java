package dev.nabla.losses;

import dev.nabla.activations.Sigmoid;
import dev.nabla.explain.Formula;

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
  public Formula elementFormula(Formula p, Formula y) {
    return Formula.of(
        "max("
            + p.text()
            + ", 0) − "
            + p.text()
            + "·"
            + y.text()
            + " + ln(1 + e^(−|"
            + p.text()
            + "|))",
        "\\max("
            + p.latex()
            + ", 0) - "
            + p.latex()
            + " \\cdot "
            + y.latex()
            + " + \\ln\\left(1 + e^{-|"
            + p.latex()
            + "|}\\right)");
  }

  @Override
  public Formula elementDerivativeFormula(Formula p, Formula y) {
    return Formula.of(
        "σ(" + p.text() + ") − " + y.text(), "\\sigma(" + p.latex() + ") - " + y.latex());
  }

  @Override
  public String toString() {
    return "BinaryCrossEntropyWithLogits(" + reduction + ")";
  }
}
