package dev.nabla.activations;

/**
 * {@code f(z) = max(0, z)}; {@code f′(z) = 1} for {@code z > 0}, else 0 (0 at the kink, as in
 * PyTorch).
 */
public record Relu() implements ElementwiseActivation {
  @Override
  public double value(double z) {
    return z > 0 ? z : 0;
  }

  @Override
  public double derivative(double z, double a) {
    return z > 0 ? 1 : 0;
  }

  @Override
  public String spec() {
    return "relu";
  }

  @Override
  public String toString() {
    return "ReLU";
  }
}
