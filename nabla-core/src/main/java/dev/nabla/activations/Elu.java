package dev.nabla.activations;

/**
 * Exponential linear unit (Clevert, Unterthiner and Hochreiter, 2015): {@code f(z) = z} for {@code
 * z > 0}, else {@code α(e^z − 1)}; {@code f′(z) = 1} for {@code z > 0}, else {@code f(z) + α}.
 */
public record Elu(double alpha) implements ElementwiseActivation {
  /** PyTorch's and Keras's default α, 1. */
  public static final double DEFAULT_ALPHA = 1.0;

  public Elu {
    if (!Double.isFinite(alpha) || alpha < 0) {
      throw new IllegalArgumentException("ELU alpha must be finite and ≥ 0, got " + alpha);
    }
  }

  @Override
  public double value(double z) {
    return z > 0 ? z : alpha * Math.expm1(z);
  }

  @Override
  public double derivative(double z, double a) {
    return z > 0 ? 1 : a + alpha;
  }

  @Override
  public String spec() {
    return "elu(" + alpha + ")";
  }

  @Override
  public String toString() {
    return "ELU(alpha=" + alpha + ")";
  }
}
