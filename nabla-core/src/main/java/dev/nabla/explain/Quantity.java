package dev.nabla.explain;

import java.util.Objects;

/**
 * One tensor of a derivation: what it is, how it is computed, its shape, its values and one element
 * worked out, e.g. {@code ∂L/∂W⁽²⁾ = δ⁽²⁾ᵀ·a⁽¹⁾}, {@code [2 × 2] = [2 × 1]·[1 × 2]}.
 *
 * @param role what it is for a program, stable across versions: {@code preActivation}, {@code
 *     activation}, {@code derivative}, {@code delta}, {@code weights}, {@code bias}, {@code
 *     weightsGradient}, {@code biasGradient}, {@code inputGradient}, {@code jacobian}, {@code
 *     probabilities}, {@code lossTerms}, {@code loss}, {@code predictionGradient}, {@code
 *     biasColumnGradient}, or a layer's own
 * @param symbol the tensor in the notation, e.g. {@code ∂L/∂W⁽²⁾}
 * @param formula how it is computed, e.g. {@code δ⁽²⁾ᵀ·a⁽¹⁾}; null for a given tensor (a weight)
 * @param shapes the shapes of the formula, e.g. {@code [2 × 2] = [2 × 1]·[1 × 2]}
 * @param values its values
 * @param worked one element worked with the numbers; null for a given tensor
 */
public record Quantity(
    String role, Formula symbol, Formula formula, String shapes, Values values, Worked worked) {
  public Quantity {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(shapes, "shapes");
    Objects.requireNonNull(values, "values");
  }

  /** A tensor that is given rather than computed, such as a weight matrix. */
  public static Quantity given(String role, Formula symbol, Values values) {
    return new Quantity(role, symbol, null, values.shape(), values, null);
  }
}
