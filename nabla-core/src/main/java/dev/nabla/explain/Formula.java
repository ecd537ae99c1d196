package dev.nabla.explain;

import java.util.Objects;

/**
 * One expression spelled twice: as Unicode text for a terminal ({@code z⁽¹⁾ = a⁽⁰⁾·W⁽¹⁾ᵀ + b⁽¹⁾})
 * and as LaTeX for documents ({@code z^{(1)} = a^{(0)} W^{(1)\top} + b^{(1)}}). Every formula of a
 * derivation carries both, so no renderer translates one into the other.
 *
 * @param text Unicode text
 * @param latex LaTeX math, without the surrounding {@code $}
 */
public record Formula(String text, String latex) {
  public Formula {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(latex, "latex");
  }

  /** A formula spelled the same in both. */
  public static Formula of(String both) {
    return new Formula(both, both);
  }

  /** A formula with its two spellings. */
  public static Formula of(String text, String latex) {
    return new Formula(text, latex);
  }

  /**
   * A number as a formula: six significant digits ({@link #number(double)}), in parentheses when
   * negative so that it can stand as a factor, with a true minus sign in the text.
   */
  public static Formula value(double value) {
    String text = number(value);
    String latex = text.replace("−", "-").replace("∞", "\\infty").replace("NaN", "\\mathrm{NaN}");
    return value < 0 ? new Formula("(" + text + ")", "(" + latex + ")") : new Formula(text, latex);
  }

  /** A number's formula without the parentheses {@link #value} puts around a negative one. */
  public Formula unparenthesized() {
    if (text.startsWith("(")
        && text.endsWith(")")
        && latex.startsWith("(")
        && latex.endsWith(")")) {
      return new Formula(
          text.substring(1, text.length() - 1), latex.substring(1, latex.length() - 1));
    }
    return this;
  }

  /** This formula, then {@code textJoin}/{@code latexJoin}, then {@code other}. */
  public Formula then(String textJoin, String latexJoin, Formula other) {
    return new Formula(text + textJoin + other.text, latex + latexJoin + other.latex);
  }

  /** {@code this = other}. */
  public Formula equalsTo(Formula other) {
    return then(" = ", " = ", other);
  }

  /** {@code this·other}. */
  public Formula times(Formula other) {
    return then("·", " \\cdot ", other);
  }

  /** {@code this + other}. */
  public Formula plus(Formula other) {
    return then(" + ", " + ", other);
  }

  /** {@code this − other}. */
  public Formula minus(Formula other) {
    return then(" − ", " - ", other);
  }

  /** {@code (this)}. */
  public Formula parenthesized() {
    return new Formula("(" + text + ")", "\\left(" + latex + "\\right)");
  }

  /**
   * Six significant digits with trailing zeros dropped and a true minus sign: {@code −2.51}, {@code
   * 1.3}, {@code 12.6002}, {@code 1.00000e-08} as {@code 1e-08}. The one way a derivation prints a
   * number that is not exact.
   */
  public static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "∞" : "−∞";
    }
    if (value == 0) {
      return "0";
    }
    String text = sixSignificant(value);
    int exponent = text.indexOf('e');
    String mantissa = exponent < 0 ? text : text.substring(0, exponent);
    String suffix = exponent < 0 ? "" : text.substring(exponent);
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "");
      if (mantissa.endsWith(".")) {
        mantissa = mantissa.substring(0, mantissa.length() - 1);
      }
    }
    return (mantissa + suffix).replace('-', '−');
  }

  /**
   * {@code String.format(Locale.ROOT, "%.6g", value)} without the formatter, which the browser
   * build's class library (TeaVM) lacks for {@code %g}: Java's shortest digits of the value rounded
   * half up to six significant ones, in scientific notation when the exponent is below −4 or 6 and
   * above ({@code 1.00000e-08}), else plainly ({@code 12.6002}, {@code 0.000123400}).
   */
  static String sixSignificant(double value) {
    java.math.BigDecimal rounded =
        new java.math.BigDecimal(Double.toString(value))
            .round(new java.math.MathContext(6, java.math.RoundingMode.HALF_UP));
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= 6) {
      java.math.BigDecimal mantissa = rounded.movePointLeft(exponent).setScale(5);
      String digits = String.valueOf(Math.abs(exponent));
      return mantissa.toPlainString()
          + (exponent < 0 ? "e-" : "e+")
          + (digits.length() < 2 ? "0" + digits : digits);
    }
    return rounded.setScale(5 - exponent).toPlainString();
  }

  /**
   * Every digit Java needs to read the number back ({@link Double#toString}), with a true minus
   * sign: for values a reader compares with another program's, such as a loss.
   */
  public static String exact(double value) {
    if (Double.isInfinite(value) || Double.isNaN(value)) {
      return number(value);
    }
    return Double.toString(value).replace('-', '−');
  }
}
