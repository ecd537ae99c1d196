package dev.nabla.explain;

import java.util.List;
import java.util.Objects;

/**
 * One optimizer step from fresh state, on a copy of the network, and what it did to the loss.
 *
 * @param optimizer the optimizer and its settings, e.g. {@code Sgd(learningRate=0.001, …)}
 * @param rule the update rule in symbols, as the optimizer writes it
 * @param parameters every parameter before and after, in the network's order
 * @param predictionBefore {@code ŷ} before the step
 * @param predictionAfter {@code ŷ} after the step
 * @param lossBefore the loss before the step
 * @param lossAfter the loss after the step
 */
public record UpdateExplanation(
    String optimizer,
    List<Formula> rule,
    List<ParameterUpdate> parameters,
    Values predictionBefore,
    Values predictionAfter,
    double lossBefore,
    double lossAfter) {
  public UpdateExplanation {
    Objects.requireNonNull(optimizer, "optimizer");
    rule = List.copyOf(rule);
    parameters = List.copyOf(parameters);
  }
}
