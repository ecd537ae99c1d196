package dev.nabla.losses;

import dev.nabla.explain.Formula;
import dev.nabla.tensor.Tensor;

/**
 * {@code ½·Σⱼ (yⱼ − ŷⱼ)²} per sample, the loss of seed notebook 000; {@code ∂/∂ŷⱼ = ŷⱼ − yⱼ}.
 *
 * <p>{@code MEAN} averages the per-sample losses over the samples (the rows), so a batch of one
 * sample gives the notebook's value; {@code SUM} adds them.
 */
public record HalfSquaredError(Reduction reduction) implements ElementwiseLoss {
  public HalfSquaredError {
    java.util.Objects.requireNonNull(reduction, "reduction");
  }

  @Override
  public double elementValue(double prediction, double target) {
    double error = target - prediction;
    return 0.5 * error * error;
  }

  @Override
  public double elementDerivative(double prediction, double target) {
    return prediction - target;
  }

  @Override
  public double meanDivisor(Tensor prediction) {
    return prediction.rows();
  }

  @Override
  public Formula elementFormula(Formula p, Formula y) {
    return Formula.of(
        "½·(" + y.text() + " − " + p.text() + ")²",
        "\\tfrac{1}{2}\\left(" + y.latex() + " - " + p.latex() + "\\right)^2");
  }

  @Override
  public Formula elementDerivativeFormula(Formula p, Formula y) {
    return Formula.of(p.text() + " − " + y.text(), p.latex() + " - " + y.latex());
  }

  @Override
  public String toString() {
    return "HalfSquaredError(" + reduction + ")";
  }
}
