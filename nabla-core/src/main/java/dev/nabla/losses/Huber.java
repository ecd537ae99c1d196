package dev.nabla.losses;

import dev.nabla.explain.Formula;

/**
 * Huber loss (Huber, 1964), as PyTorch's {@code HuberLoss}: with {@code e = ŷ − y}, {@code ½e²}
 * where {@code |e| < δ}, else {@code δ(|e| − ½δ)}; {@code ∂/∂ŷ = e}, or {@code δ·sign(e)}. {@code
 * MEAN} divides by the number of elements.
 */
public record Huber(double delta, Reduction reduction) implements ElementwiseLoss {
  /** PyTorch's default δ, 1. */
  public static final double DEFAULT_DELTA = 1.0;

  public Huber {
    java.util.Objects.requireNonNull(reduction, "reduction");
    if (!(delta > 0) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("Huber delta must be finite and > 0, got " + delta);
    }
  }

  @Override
  public double elementValue(double prediction, double target) {
    double error = Math.abs(prediction - target);
    return error < delta ? 0.5 * error * error : delta * (error - 0.5 * delta);
  }

  @Override
  public double elementDerivative(double prediction, double target) {
    double error = prediction - target;
    return Math.abs(error) < delta ? error : delta * Math.signum(error);
  }

  @Override
  public Formula elementFormula(Formula p, Formula y) {
    return Formula.of(
        "(½·e² if |e| < "
            + Formula.number(delta)
            + ", else "
            + Formula.number(delta)
            + "·(|e| − ½·"
            + Formula.number(delta)
            + ")), e = "
            + p.text()
            + " − "
            + y.text(),
        "\\begin{cases} \\tfrac{1}{2} e^2 & |e| < "
            + Formula.number(delta)
            + " \\\\ "
            + Formula.number(delta)
            + "\\left(|e| - \\tfrac{1}{2} \\cdot "
            + Formula.number(delta)
            + "\\right) & \\text{otherwise} \\end{cases}, \\; e = "
            + p.latex()
            + " - "
            + y.latex());
  }

  @Override
  public Formula elementDerivativeFormula(Formula p, Formula y) {
    return Formula.of(
        "(e if |e| < "
            + Formula.number(delta)
            + ", else "
            + Formula.number(delta)
            + "·sign(e)), e = "
            + p.text()
            + " − "
            + y.text(),
        "\\begin{cases} e & |e| < "
            + Formula.number(delta)
            + " \\\\ "
            + Formula.number(delta)
            + " \\operatorname{sign}(e) & \\text{otherwise} \\end{cases}, \\; e = "
            + p.latex()
            + " - "
            + y.latex());
  }

  @Override
  public String toString() {
    return "Huber(delta=" + delta + ", " + reduction + ")";
  }
}
