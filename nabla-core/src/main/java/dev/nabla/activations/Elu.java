package dev.nabla.activations;

import dev.nabla.explain.Formula;

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
  public Formula definition(Formula z) {
    return Formula.of(
        "("
            + z.text()
            + " if "
            + z.text()
            + " > 0, else "
            + Formula.value(alpha).text()
            + "·(e^"
            + z.text()
            + " − 1))",
        "\\begin{cases} "
            + z.latex()
            + " & "
            + z.latex()
            + " > 0 \\\\ "
            + Formula.value(alpha).latex()
            + " (e^{"
            + z.latex()
            + "} - 1) & \\text{otherwise} \\end{cases}");
  }

  @Override
  public Formula derivativeDefinition(Formula z, Formula a) {
    return Formula.of(
        "(1 if " + z.text() + " > 0, else " + a.text() + " + " + Formula.value(alpha).text() + ")",
        "\\begin{cases} 1 & "
            + z.latex()
            + " > 0 \\\\ "
            + a.latex()
            + " + "
            + Formula.value(alpha).latex()
            + " & \\text{otherwise} \\end{cases}");
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
