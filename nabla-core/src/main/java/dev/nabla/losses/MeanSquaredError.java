package dev.nabla.losses;

import dev.nabla.explain.Formula;

/**
 * {@code (ŷ − y)²} per element, as PyTorch's {@code MSELoss}: {@code MEAN} divides by the number of
 * elements (samples × outputs); {@code ∂/∂ŷ = 2(ŷ − y)} before reduction.
 */
public record MeanSquaredError(Reduction reduction) implements ElementwiseLoss {
  public MeanSquaredError {
    java.util.Objects.requireNonNull(reduction, "reduction");
  }

  @Override
  public double elementValue(double prediction, double target) {
    double error = prediction - target;
    return error * error;
  }

  @Override
  public double elementDerivative(double prediction, double target) {
    return 2 * (prediction - target);
  }

  @Override
  public Formula elementFormula(Formula p, Formula y) {
    return Formula.of(
        "(" + p.text() + " − " + y.text() + ")²",
        "\\left(" + p.latex() + " - " + y.latex() + "\\right)^2");
  }

  @Override
  public Formula elementDerivativeFormula(Formula p, Formula y) {
    return Formula.of(
        "2·(" + p.text() + " − " + y.text() + ")",
        "2\\left(" + p.latex() + " - " + y.latex() + "\\right)");
  }

  @Override
  public String toString() {
    return "MeanSquaredError(" + reduction + ")";
  }
}
