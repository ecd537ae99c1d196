package dev.nabla.losses;

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
  public String toString() {
    return "Huber(delta=" + delta + ", " + reduction + ")";
  }
}
