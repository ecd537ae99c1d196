package dev.nabla.explain;

import java.util.List;
import java.util.Objects;

/**
 * One parameter through one optimizer step: before, after, and the step for its worked element
 * written out ({@code m}, {@code v}, {@code m̂}, {@code v̂} and the new weight for Adam).
 *
 * @param name the parameter's dotted name, e.g. {@code layers.0.weights}
 * @param symbol the parameter in the notation, e.g. {@code W⁽¹⁾}
 * @param before its values before the step
 * @param after its values after the step
 * @param steps the update of the worked element, one line per quantity, the new value last; empty
 *     if the optimizer does not write its step out
 */
public record ParameterUpdate(
    String name, Formula symbol, Values before, Values after, List<Worked> steps) {
  public ParameterUpdate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(symbol, "symbol");
    steps = List.copyOf(steps);
  }
}
