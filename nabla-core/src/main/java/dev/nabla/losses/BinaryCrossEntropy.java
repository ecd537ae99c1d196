package dev.nabla.losses;

import dev.nabla.explain.Formula;

/**
 * Binary cross-entropy on probabilities, as PyTorch's {@code BCELoss}: {@code −(y·ln p +
 * (1−y)·ln(1−p))} per element, each logarithm clamped at −100 so that {@code p = 0} or 1 gives a
 * finite loss; {@code ∂/∂p = (p − y) / max(p(1−p), 10⁻¹²)}. {@code MEAN} divides by the number of
 * elements.
 *
 * <p>After a softmax layer with {@code SUM}, this is seed notebook 002's per-class loss.
 */
public record BinaryCrossEntropy(Reduction reduction) implements ElementwiseLoss {
  public BinaryCrossEntropy {
    java.util.Objects.requireNonNull(reduction, "reduction");
  }

  static final double LOG_FLOOR = -100;
  static final double EPSILON = 1e-12;

  @Override
  public double elementValue(double prediction, double target) {
    double logP = Math.max(Math.log(prediction), LOG_FLOOR);
    double logOneMinusP = Math.max(Math.log1p(-prediction), LOG_FLOOR);
    return -(target * logP + (1 - target) * logOneMinusP);
  }

  @Override
  public double elementDerivative(double prediction, double target) {
    return (prediction - target) / Math.max(prediction * (1 - prediction), EPSILON);
  }

  @Override
  public Formula elementFormula(Formula p, Formula y) {
    return Formula.of(
        "−(" + y.text() + "·ln " + p.text() + " + (1 − " + y.text() + ")·ln(1 − " + p.text() + "))",
        "-\\left("
            + y.latex()
            + " \\ln "
            + p.latex()
            + " + (1 - "
            + y.latex()
            + ") \\ln(1 - "
            + p.latex()
            + ")\\right)");
  }

  @Override
  public Formula elementDerivativeFormula(Formula p, Formula y) {
    return Formula.of(
        "(" + p.text() + " − " + y.text() + ")/(" + p.text() + "·(1 − " + p.text() + "))",
        "\\frac{" + p.latex() + " - " + y.latex() + "}{" + p.latex() + " (1 - " + p.latex() + ")}");
  }

  @Override
  public String toString() {
    return "BinaryCrossEntropy(" + reduction + ")";
  }
}
