package dev.nabla.activations;

import dev.nabla.explain.Formula;

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
  public Formula definition(Formula z) {
    return Formula.of(z.text(), z.latex());
  }

  @Override
  public Formula derivativeDefinition(Formula z, Formula a) {
    return Formula.of("1", "1");
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
