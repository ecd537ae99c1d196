package dev.nabla.tracing;

import dev.nabla.tensor.Tensor;

/**
 * What one layer computed in a traced pass.
 *
 * @param index the layer's position in the network
 * @param layer the layer's description, e.g. {@code Dense(2 → 4)}
 * @param output the layer's output: the pre-activation {@code z} of a dense layer, the activation
 *     {@code a} of an activation layer
 * @param outputGradient {@code ∂L/∂output}: for a dense layer, its delta {@code ∂L/∂z}
 */
public record LayerTrace(int index, String layer, Tensor output, Tensor outputGradient) {}
