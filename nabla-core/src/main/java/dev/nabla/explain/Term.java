package dev.nabla.explain;

import java.util.List;

/**
 * A product of factors, added into a worked element, or subtracted when {@code negative}: {@code
 * a⁽¹⁾₀·W⁽²⁾₀₀} or {@code − η·g}.
 *
 * @param negative whether the term is subtracted
 * @param factors the factors multiplied, at least one
 */
public record Term(boolean negative, List<Factor> factors) {
  /**
   * @throws IllegalArgumentException if there is no factor
   */
  public Term {
    factors = List.copyOf(factors);
    if (factors.isEmpty()) {
      throw new IllegalArgumentException("a term needs at least one factor");
    }
  }

  /** A product added. */
  public static Term of(Factor... factors) {
    return new Term(false, List.of(factors));
  }

  /** A product subtracted. */
  public static Term minus(Factor... factors) {
    return new Term(true, List.of(factors));
  }

  /** The signed product of the factors, multiplied left to right. */
  public double value() {
    double product = 1;
    for (Factor factor : factors) {
      product *= factor.value();
    }
    return negative ? -product : product;
  }

  /** The factors' symbols, {@code a·b}. */
  public Formula symbols() {
    Formula formula = factors.get(0).symbol();
    for (int at = 1; at < factors.size(); at++) {
      formula = formula.times(factors.get(at).symbol());
    }
    return formula;
  }

  /** The factors' numbers, {@code (−2.51)·1.3}. */
  public Formula numbers() {
    Formula formula = Formula.value(factors.get(0).value());
    for (int at = 1; at < factors.size(); at++) {
      formula = formula.times(Formula.value(factors.get(at).value()));
    }
    return formula;
  }
}
