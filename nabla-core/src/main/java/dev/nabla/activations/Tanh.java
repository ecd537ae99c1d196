package dev.nabla.activations;

/** {@code f(z) = tanh(z)}; {@code f′(z) = 1 − tanh²(z)}. */
public record Tanh() implements ElementwiseActivation {
  @Override
  public double value(double z) {
    return Math.tanh(z);
  }

  @Override
  public double derivative(double z, double a) {
    return 1 - a * a;
  }

  @Override
  public String spec() {
    return "tanh";
  }

  @Override
  public String toString() {
    return "Tanh";
  }
}
