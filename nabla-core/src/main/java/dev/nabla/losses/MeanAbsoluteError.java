package dev.nabla.losses;

import dev.nabla.explain.Formula;

/**
 * {@code |ŷ − y|} per element, as PyTorch's {@code L1Loss}: {@code MEAN} divides by the number of
 * elements; {@code ∂/∂ŷ = sign(ŷ − y)}, 0 where {@code ŷ = y}.
 */
public record MeanAbsoluteError(Reduction reduction) implements ElementwiseLoss {
  public MeanAbsoluteError {
    java.util.Objects.requireNonNull(reduction, "reduction");
  }

  @Override
  public double elementValue(double prediction, double target) {
    return Math.abs(prediction - target);
  }

  @Override
  public double elementDerivative(double prediction, double target) {
    return Math.signum(prediction - target);
  }

  @Override
  public Formula elementFormula(Formula p, Formula y) {
    return Formula.of(
        "|" + p.text() + " − " + y.text() + "|",
        "\\left|" + p.latex() + " - " + y.latex() + "\\right|");
  }

  @Override
  public Formula elementDerivativeFormula(Formula p, Formula y) {
    return Formula.of(
        "sign(" + p.text() + " − " + y.text() + ")",
        "\\operatorname{sign}\\left(" + p.latex() + " - " + y.latex() + "\\right)");
  }

  @Override
  public String toString() {
    return "MeanAbsoluteError(" + reduction + ")";
  }
}
