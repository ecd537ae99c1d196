package dev.nabla.activations;

import dev.nabla.explain.Formula;

/**
 * {@code f(z) = ln(1 + e^z)}, computed as {@code max(z, 0) + ln(1 + e^(−|z|))} so that it never
 * overflows; {@code f′(z) = σ(z)}.
 */
public record Softplus() implements ElementwiseActivation {
  @Override
  public double value(double z) {
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  @Override
  public double derivative(double z, double a) {
    return Sigmoid.sigmoid(z);
  }

  @Override
  public Formula definition(Formula z) {
    return Formula.of("ln(1 + e^" + z.text() + ")", "\\ln(1 + e^{" + z.latex() + "})");
  }

  @Override
  public Formula derivativeDefinition(Formula z, Formula a) {
    return Formula.of("1/(1 + e^(−" + z.text() + "))", "\\frac{1}{1 + e^{-" + z.latex() + "}}");
  }

  @Override
  public String spec() {
    return "softplus";
  }

  @Override
  public String toString() {
    return "Softplus";
  }
}
