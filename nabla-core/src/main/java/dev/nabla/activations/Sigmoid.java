package dev.nabla.activations;

/** {@code σ(z) = 1 / (1 + e^(−z))}; {@code σ′(z) = σ(z)·(1 − σ(z))}. */
public record Sigmoid() implements ElementwiseActivation {
  /** σ(z), computed so that {@code exp} never overflows. */
  public static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  @Override
  public double value(double z) {
    return sigmoid(z);
  }

  @Override
  public double derivative(double z, double a) {
    return a * (1 - a);
  }

  @Override
  public String spec() {
    return "sigmoid";
  }

  @Override
  public String toString() {
    return "Sigmoid";
  }
}
