package dev.nabla.activations;

import dev.nabla.explain.Formula;

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
  public Formula definition(Formula z) {
    return Formula.of("tanh(" + z.text() + ")", "\\tanh(" + z.latex() + ")");
  }

  @Override
  public Formula derivativeDefinition(Formula z, Formula a) {
    return Formula.of("1 − " + a.text() + "²", "1 - " + a.latex() + "^2");
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
