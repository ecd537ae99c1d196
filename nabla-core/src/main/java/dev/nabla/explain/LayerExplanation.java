package dev.nabla.explain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one layer of the network did for the sample, in the {@link Notation}: its forward and its
 * backward quantities, each with its formula, shapes, values and worked element.
 *
 * @param index the layer's position in the network; its parameters are {@code layers.<index>.*}
 * @param l the notation's layer number: the dense layer it belongs to, from 1
 * @param layer the layer's description, e.g. {@code Dense(1 → 2)}, {@code ReLU}
 * @param forward what the forward pass computed, in order
 * @param backward what the backward pass computed, in order
 * @param parameters each parameter's symbol by its local name ({@code weights → W⁽¹⁾})
 * @param notes sentences for a reader, e.g. how seed 000's bias column maps to W and b
 */
public record LayerExplanation(
    int index,
    int l,
    String layer,
    List<Quantity> forward,
    List<Quantity> backward,
    Map<String, Formula> parameters,
    List<String> notes) {
  public LayerExplanation {
    Objects.requireNonNull(layer, "layer");
    forward = List.copyOf(forward);
    backward = List.copyOf(backward);
    parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    notes = List.copyOf(notes);
  }
}
