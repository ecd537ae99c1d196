package dev.nabla.activations;

/** {@code f(z) = z}, {@code f′(z) = 1}: a linear output, as for regression. */
public record Identity() implements ElementwiseActivation {
  @Override
  public double value(double z) {
    return z;
  }

  @Override
  public double derivative(double z, double a) {
    return 1;
  }

  @Override
  public String spec() {
    return "identity";
  }

  @Override
  public String toString() {
    return "Identity";
  }
}
