package dev.nabla.losses;

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
  public String toString() {
    return "BinaryCrossEntropy(" + reduction + ")";
  }
}
