/**
 * Activation functions {@code a = f(z)}, each with its derivative beside it.
 *
 * <p>Element-wise activations implement {@link dev.nabla.activations.ElementwiseActivation}: a
 * value and a derivative per element. {@link dev.nabla.activations.Softmax} acts on whole rows.
 * {@link dev.nabla.activations.Activations} builds them by name, for specs such as {@code
 * leaky_relu(-0.2)}.
 */
package dev.nabla.activations;
