package dev.nabla.explain;

import java.util.List;
import java.util.Objects;

/**
 * The loss of the sample: its formula, the reduction, its value term by term and its gradient
 * {@code ∂L/∂ŷ}, each as a {@link Quantity} with a worked element.
 *
 * @param loss the loss's description, e.g. {@code HalfSquaredError(MEAN)}
 * @param formula the loss of one sample in symbols, e.g. {@code L = ½·Σⱼ (yⱼ − ŷⱼ)²}
 * @param reduction the reduction in words, e.g. {@code mean over the samples (here 1)}
 * @param quantities what the loss computes, in order: its terms, its value, {@code ∂L/∂ŷ}
 * @param value the loss
 * @param notes sentences for a reader, e.g. the softmax simplification
 */
public record LossExplanation(
    String loss,
    Formula formula,
    String reduction,
    List<Quantity> quantities,
    double value,
    List<String> notes) {
  public LossExplanation {
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(formula, "formula");
    Objects.requireNonNull(reduction, "reduction");
    quantities = List.copyOf(quantities);
    notes = List.copyOf(notes);
  }
}
