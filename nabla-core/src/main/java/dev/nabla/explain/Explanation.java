package dev.nabla.explain;

import java.util.List;
import java.util.Objects;

/**
 * Backpropagation for one sample, written out: the input and target, each layer's forward and
 * backward pass, the loss and one optimizer step, in the {@link Notation}. Renderers turn it into
 * text, Markdown, HTML or JSON; it holds numbers and formulas, never layout.
 *
 * @param notation the definitions every document starts with ({@link Notation#definitions()})
 * @param input {@code x = a⁽⁰⁾}, as the network sees it
 * @param target {@code y}
 * @param layers each layer, in the network's order
 * @param prediction {@code ŷ}
 * @param loss the loss, term by term
 * @param update one optimizer step
 */
public record Explanation(
    List<Formula> notation,
    Values input,
    Values target,
    List<LayerExplanation> layers,
    Values prediction,
    LossExplanation loss,
    UpdateExplanation update) {
  public Explanation {
    notation = List.copyOf(notation);
    layers = List.copyOf(layers);
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(prediction, "prediction");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(update, "update");
  }
}
