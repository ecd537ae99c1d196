package dev.nabla.explain;

import dev.nabla.tensor.Tensor;
import java.util.Map;
import java.util.Objects;

/**
 * What a layer needs to explain its pass for one sample: its place in the {@link Notation}, the
 * symbols of its input and output and of their gradients, the traced tensors, and the element to
 * work. The {@link Explainer} makes one per layer; a layer's {@code explain} reads it.
 *
 * @param index the layer's position in the network
 * @param l the notation's layer number, from 1 (0 for layers before the first dense layer)
 * @param input the input's symbol, e.g. {@code a⁽¹⁾}
 * @param output the output's symbol, e.g. {@code z⁽²⁾}
 * @param inputGradient the symbol of {@code ∂L/∂input}, e.g. {@code ∂L/∂a⁽¹⁾} or {@code δ⁽²⁾}
 * @param outputGradient the symbol of {@code ∂L/∂output}, e.g. {@code δ⁽²⁾}
 * @param inputValues the input {@code [1 × in]}
 * @param outputValues the output {@code [1 × out]}
 * @param inputGradientValues {@code ∂L/∂input}
 * @param outputGradientValues {@code ∂L/∂output}
 * @param gradients {@code ∂L/∂θ} of this sample by the parameter's local name
 * @param options the element to work and what else to show
 * @param last whether the layer's output is the prediction {@code ŷ}
 */
public record LayerContext(
    int index,
    int l,
    Formula input,
    Formula output,
    Formula inputGradient,
    Formula outputGradient,
    Tensor inputValues,
    Tensor outputValues,
    Tensor inputGradientValues,
    Tensor outputGradientValues,
    Map<String, Tensor> gradients,
    ExplainOptions options,
    boolean last) {
  public LayerContext {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    gradients = Map.copyOf(gradients);
  }

  /** Element {@code index} of the input, e.g. {@code a⁽¹⁾₀}. */
  public Formula inputElement(int index) {
    return Notation.element(input, index);
  }

  /** Element {@code index} of the output, e.g. {@code z⁽²⁾₀}. */
  public Formula outputElement(int index) {
    return Notation.element(output, index);
  }

  /** Element {@code index} of {@code ∂L/∂input}: {@code ∂L/∂a⁽¹⁾₀}, or {@code δ⁽²⁾₀}. */
  public Formula inputGradientElement(int index) {
    return gradientElement(inputGradient, input, index);
  }

  /** Element {@code index} of {@code ∂L/∂output}: {@code δ⁽²⁾₀}, or {@code ∂L/∂a⁽²⁾₀}. */
  public Formula outputGradientElement(int index) {
    return gradientElement(outputGradient, output, index);
  }

  private static Formula gradientElement(Formula gradient, Formula of, int index) {
    return gradient.text().startsWith("∂L/∂")
        ? Notation.partial(Notation.element(of, index))
        : Notation.element(gradient, index);
  }

  /**
   * The unit {@code i} a layer without weights works (an activation, batch norm): the unit chosen
   * for its {@code l}, whatever input was chosen for the dense layer.
   */
  public int unit() {
    return options.element(l, outputValues.columns(), Integer.MAX_VALUE)[0];
  }

  /** The element this layer works: {@code {unit, input}} within its widths. */
  public int[] element() {
    return options.element(l, outputValues.columns(), inputValues.columns());
  }

  /**
   * An explanation with the layer's formulas in words and its values, but no element worked: what a
   * layer that does not explain itself gets.
   */
  public LayerExplanation valuesOnly(String layer, String forwardFormula, String backwardFormula) {
    Quantity forward =
        new Quantity(
            "output",
            output,
            Formula.of(forwardFormula, "\\text{" + latexText(forwardFormula) + "}"),
            Values.of(outputValues).shape(),
            Values.of(outputValues),
            null);
    Quantity backward =
        new Quantity(
            "inputGradient",
            inputGradient,
            Formula.of(backwardFormula, "\\text{" + latexText(backwardFormula) + "}"),
            Values.of(inputGradientValues).shape(),
            Values.of(inputGradientValues),
            null);
    return new LayerExplanation(
        index,
        l,
        layer,
        java.util.List.of(forward),
        java.util.List.of(backward),
        Map.of(),
        java.util.List.of(layer + " does not write its derivation out; its values are shown."));
  }

  /** Text safe inside LaTeX's {@code \text{}}: the characters LaTeX treats specially escaped. */
  public static String latexText(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\textbackslash{}");
        case '{', '}', '_', '&', '%', '$', '#' -> out.append('\\').append(c);
        case '^' -> out.append("\\^{}");
        case '~' -> out.append("\\~{}");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
