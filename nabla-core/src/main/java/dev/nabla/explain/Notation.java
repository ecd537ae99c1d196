package dev.nabla.explain;

import java.util.List;

/**
 * The one notation of every derivation, defined once at the top of each document and used by the
 * command line, the documents, the JSON and the playground.
 *
 * <p>Layer {@code l} is a dense layer and the layers after it up to the next dense layer (its
 * activation, usually). For one sample, a row vector:
 *
 * <pre>
 * z⁽ˡ⁾ = a⁽ˡ⁻¹⁾·W⁽ˡ⁾ᵀ + b⁽ˡ⁾      [1 × n_l] = [1 × n_(l−1)]·[n_(l−1) × n_l] + [n_l]
 * a⁽ˡ⁾ = f(z⁽ˡ⁾)                 [1 × n_l]
 * δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾ = ∂L/∂a⁽ˡ⁾ ⊙ f′(z⁽ˡ⁾)
 * ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾ᵀ·a⁽ˡ⁻¹⁾         [n_l × n_(l−1)] = [n_l × 1]·[1 × n_(l−1)]
 * ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾                 [n_l]
 * ∂L/∂a⁽ˡ⁻¹⁾ = δ⁽ˡ⁾·W⁽ˡ⁾          [1 × n_(l−1)] = [1 × n_l]·[n_l × n_(l−1)]
 * </pre>
 *
 * with {@code a⁽⁰⁾ = x}, the input, and {@code ŷ = a⁽ᴸ⁾}, the prediction. A layer without an
 * activation has {@code a⁽ˡ⁾ = z⁽ˡ⁾}. Weights are {@code [out × in]}: {@code W⁽ˡ⁾ᵢⱼ} connects input
 * {@code j} to unit {@code i}. Elements are counted from 0. Layers other than dense and activation
 * layers between them (batch norm, dropout) write their outputs with primes: {@code z′⁽ˡ⁾}.
 */
public final class Notation {
  private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  private static final String SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";

  /** The prediction {@code ŷ = a⁽ᴸ⁾}. */
  public static final Formula PREDICTION = Formula.of("ŷ", "\\hat{y}");

  /** The target {@code y}. */
  public static final Formula TARGET = Formula.of("y");

  /** The loss {@code L}. */
  public static final Formula LOSS = Formula.of("L");

  private Notation() {}

  /** The definitions, in the order documents print them. */
  public static List<Formula> definitions() {
    return List.of(
        Formula.of(
            "z⁽ˡ⁾ = a⁽ˡ⁻¹⁾·W⁽ˡ⁾ᵀ + b⁽ˡ⁾   [1 × nₗ] = [1 × nₗ₋₁]·[nₗ₋₁ × nₗ] + [nₗ]",
            "z^{(l)} = a^{(l-1)} W^{(l)\\top} + b^{(l)} \\quad [1 \\times n_l] = [1 \\times"
                + " n_{l-1}] \\, [n_{l-1} \\times n_l] + [n_l]"),
        Formula.of(
            "a⁽ˡ⁾ = f(z⁽ˡ⁾)   [1 × nₗ]",
            "a^{(l)} = f\\left(z^{(l)}\\right) \\quad [1 \\times n_l]"),
        Formula.of(
            "δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾ = ∂L/∂a⁽ˡ⁾ ⊙ f′(z⁽ˡ⁾)   [1 × nₗ]",
            "\\delta^{(l)} = \\frac{\\partial L}{\\partial z^{(l)}} = \\frac{\\partial L}{\\partial"
                + " a^{(l)}} \\odot f'\\left(z^{(l)}\\right) \\quad [1 \\times n_l]"),
        Formula.of(
            "∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾ᵀ·a⁽ˡ⁻¹⁾   [nₗ × nₗ₋₁] = [nₗ × 1]·[1 × nₗ₋₁]",
            "\\frac{\\partial L}{\\partial W^{(l)}} = \\delta^{(l)\\top} a^{(l-1)} \\quad [n_l"
                + " \\times n_{l-1}] = [n_l \\times 1] \\, [1 \\times n_{l-1}]"),
        Formula.of(
            "∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾   [nₗ]",
            "\\frac{\\partial L}{\\partial b^{(l)}} = \\delta^{(l)} \\quad [n_l]"),
        Formula.of(
            "∂L/∂a⁽ˡ⁻¹⁾ = δ⁽ˡ⁾·W⁽ˡ⁾   [1 × nₗ₋₁] = [1 × nₗ]·[nₗ × nₗ₋₁]",
            "\\frac{\\partial L}{\\partial a^{(l-1)}} = \\delta^{(l)} W^{(l)} \\quad [1 \\times"
                + " n_{l-1}] = [1 \\times n_l] \\, [n_l \\times n_{l-1}]"));
  }

  /** What the symbols stand for, one line each, after the definitions. */
  public static List<String> conventions() {
    return List.of(
        "a⁽⁰⁾ = x is the input and ŷ = a⁽ᴸ⁾ the prediction of the last layer L;"
            + " a layer without an activation has a⁽ˡ⁾ = z⁽ˡ⁾.",
        "W⁽ˡ⁾ is [out × in]: W⁽ˡ⁾ᵢⱼ connects input j to unit i; elements count from 0.",
        "⊙ multiplies element by element; · is the matrix product; ᵀ transposes.",
        "One sample is a row vector [1 × n]; over a batch, ∂L/∂W and ∂L/∂b add up the samples.");
  }

  /** {@code base⁽l⁾}, e.g. {@code z⁽²⁾}; LaTeX {@code base^{(l)}}. */
  public static Formula layer(String base, String latexBase, int l) {
    return Formula.of(base + "⁽" + superscript(l) + "⁾", latexBase + "^{(" + l + ")}");
  }

  /** {@code base⁽l⁾} with the same spelling in text and LaTeX, e.g. {@code z}, {@code a}. */
  public static Formula layer(String base, int l) {
    return layer(base, base, l);
  }

  /** {@code δ⁽l⁾}. */
  public static Formula delta(int l) {
    return layer("δ", "\\delta", l);
  }

  /**
   * An element of a layer's tensor: {@code z⁽²⁾₀}, {@code W⁽²⁾₀₁} ({@code W⁽²⁾₁₂,₃} when an index
   * has two digits); LaTeX {@code z^{(2)}_{0}}, {@code W^{(2)}_{0,1}}.
   */
  public static Formula element(Formula symbol, int... indices) {
    boolean wide = false;
    for (int index : indices) {
      wide |= index > 9;
    }
    StringBuilder text = new StringBuilder(symbol.text());
    StringBuilder latex = new StringBuilder("{").append(symbol.latex()).append("}_{");
    for (int at = 0; at < indices.length; at++) {
      if (at > 0) {
        if (wide) {
          text.append(',');
        }
        latex.append(',');
      }
      text.append(subscript(indices[at]));
      latex.append(indices[at]);
    }
    return Formula.of(text.toString(), latex.append('}').toString());
  }

  /**
   * An element with a letter for its index, {@code ŷⱼ}, LaTeX {@code {\\hat{y}}_{j}}; {@code i},
   * {@code j} and {@code k} have subscript letters.
   */
  public static Formula element(Formula symbol, String index) {
    String sub =
        switch (index) {
          case "i" -> "ᵢ";
          case "j" -> "ⱼ";
          case "k" -> "ₖ";
          default -> "_" + index;
        };
    return Formula.of(symbol.text() + sub, "{" + symbol.latex() + "}_{" + index + "}");
  }

  /** {@code ∂L/∂of}; LaTeX {@code \frac{\partial L}{\partial of}}. */
  public static Formula partial(Formula of) {
    return Formula.of(
        "∂L/∂" + of.text(), "\\frac{\\partial L}{\\partial " + of.latex().replace("{}", "") + "}");
  }

  /** The superscript digits of a whole number, e.g. {@code ¹²}. */
  public static String superscript(int number) {
    return map(number, SUPERSCRIPTS, "⁻");
  }

  /** The subscript digits of a whole number, e.g. {@code ₁₂}. */
  public static String subscript(int number) {
    return map(number, SUBSCRIPTS, "₋");
  }

  private static String map(int number, String digits, String minus) {
    String plain = Integer.toString(Math.abs(number));
    StringBuilder out = new StringBuilder(number < 0 ? minus : "");
    for (char c : plain.toCharArray()) {
      out.append(digits.charAt(c - '0'));
    }
    return out.toString();
  }

  /** A shape as every message prints it, {@code [2 × 3]}, or {@code [3]} for a vector. */
  public static String shape(int... dimensions) {
    StringBuilder text = new StringBuilder("[");
    for (int at = 0; at < dimensions.length; at++) {
      text.append(at > 0 ? " × " : "").append(dimensions[at]);
    }
    return text.append(']').toString();
  }
}
