package dev.nabla.activations;

import dev.nabla.explain.Formula;

/**
 * Gaussian error linear unit, exact form (Hendrycks and Gimpel, 2016; PyTorch's default {@code
 * approximate='none'}): {@code f(z) = z·Φ(z)}, {@code f′(z) = Φ(z) + z·φ(z)}, where Φ is the
 * standard normal distribution function and φ its density.
 */
public record Gelu() implements ElementwiseActivation {
  private static final double INVERSE_SQRT_2 = 1 / Math.sqrt(2);
  private static final double INVERSE_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  /** {@code Φ(z) = ½·erfc(−z/√2)}, accurate in both tails. */
  static double normalCdf(double z) {
    return 0.5 * ErrorFunction.erfc(-z * INVERSE_SQRT_2);
  }

  @Override
  public double value(double z) {
    return z * normalCdf(z);
  }

  @Override
  public double derivative(double z, double a) {
    return normalCdf(z) + z * INVERSE_SQRT_2PI * Math.exp(-0.5 * z * z);
  }

  @Override
  public Formula definition(Formula z) {
    return Formula.of(
        z.text() + "·Φ(" + z.text() + ")", z.latex() + " \\, \\Phi(" + z.latex() + ")");
  }

  @Override
  public Formula derivativeDefinition(Formula z, Formula a) {
    return Formula.of(
        "Φ(" + z.text() + ") + " + z.text() + "·φ(" + z.text() + ")",
        "\\Phi(" + z.latex() + ") + " + z.latex() + " \\, \\varphi(" + z.latex() + ")");
  }

  @Override
  public String spec() {
    return "gelu";
  }

  @Override
  public String toString() {
    return "GELU";
  }
}
