package dev.nabla.explain;

import java.util.List;
import java.util.Objects;

/**
 * One element worked out with the numbers, e.g. {@code ∂L/∂W⁽²⁾₀₀ = δ⁽²⁾₀·a⁽¹⁾₀ = (−2.51)·1.3 =
 * −3.263}.
 *
 * <p>Either a sum of {@link Term terms} (a dot product, a chain-rule product, an update rule), read
 * as {@code symbol = Σ term symbols = Σ term numbers = value}, or a function applied to numbers,
 * read as {@code symbol = definition = substituted = value} (a ReLU, a loss term). The value is the
 * one the computation produced, not recomputed from the terms; a test checks that they agree.
 *
 * @param symbol the element in the notation, e.g. {@code ∂L/∂W⁽²⁾₀₀}
 * @param definition the formula in symbols, e.g. {@code max(0, z⁽¹⁾₀)}; null if the terms say it
 * @param substituted the definition with the numbers in, e.g. {@code max(0, 1.3)}; null if the
 *     terms say it
 * @param terms the sum's terms, in order; empty for a function applied
 * @param value the element's value
 * @param indices the element's position in its matrix ({@code row, column}) or vector
 */
public record Worked(
    Formula symbol,
    Formula definition,
    Formula substituted,
    List<Term> terms,
    double value,
    int... indices) {
  public Worked {
    Objects.requireNonNull(symbol, "symbol");
    terms = List.copyOf(terms);
    indices = indices.clone();
    if (terms.isEmpty() && (definition == null || substituted == null)) {
      throw new IllegalArgumentException(
          symbol.text() + ": a worked element needs terms or a definition with the numbers in");
    }
  }

  /** A sum of products. */
  public static Worked sum(Formula symbol, List<Term> terms, double value, int... indices) {
    return new Worked(symbol, null, null, terms, value, indices);
  }

  /** A function applied to numbers. */
  public static Worked function(
      Formula symbol, Formula definition, Formula substituted, double value, int... indices) {
    return new Worked(symbol, definition, substituted, List.of(), value, indices);
  }

  /** The element's indices, copied. */
  @Override
  public int[] indices() {
    return indices.clone();
  }

  /** The sum of the terms as computed from their factors, left to right; NaN without terms. */
  public double termsValue() {
    if (terms.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (Term term : terms) {
      sum += term.value();
    }
    return sum;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Worked worked
        && symbol.equals(worked.symbol)
        && Objects.equals(definition, worked.definition)
        && Objects.equals(substituted, worked.substituted)
        && terms.equals(worked.terms)
        && Double.compare(value, worked.value) == 0
        && java.util.Arrays.equals(indices, worked.indices);
  }

  @Override
  public int hashCode() {
    return Objects.hash(symbol, terms, value, java.util.Arrays.hashCode(indices));
  }

  @Override
  public String toString() {
    return symbol.text() + " = " + Formula.number(value);
  }
}
