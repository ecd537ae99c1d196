package dev.nabla.activations;

import dev.nabla.explain.Formula;

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
  public Formula definition(Formula z) {
    return Formula.of("1/(1 + e^(−" + z.text() + "))", "\\frac{1}{1 + e^{-" + z.latex() + "}}");
  }

  @Override
  public Formula derivativeDefinition(Formula z, Formula a) {
    return Formula.of(
        a.text() + "·(1 − " + a.text() + ")", a.latex() + " \\cdot (1 - " + a.latex() + ")");
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
