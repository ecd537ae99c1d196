package dev.nabla.explain;

import java.util.Objects;

/**
 * One factor of a worked term: what it stands for and its number, e.g. {@code δ⁽²⁾₀} and −2.51.
 *
 * @param symbol the factor in the notation
 * @param value its number
 */
public record Factor(Formula symbol, double value) {
  public Factor {
    Objects.requireNonNull(symbol, "symbol");
  }
}
