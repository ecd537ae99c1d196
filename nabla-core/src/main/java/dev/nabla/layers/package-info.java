/**
 * Layers: maps from a batch to a batch, each with its forward pass and its backward pass side by
 * side.
 *
 * <p>{@link dev.nabla.layers.Dense} is the affine map {@code z = x·Wᵀ + b}; {@link
 * dev.nabla.layers.ActivationLayer} applies an {@link dev.nabla.activations.Activation}. A layer's
 * {@code backward} adds into its parameters' gradients (zeroing is explicit) and returns the
 * gradient with respect to its input. Optimizer state never lives here.
 */
package dev.nabla.layers;
