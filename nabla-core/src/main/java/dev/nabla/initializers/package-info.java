/**
 * Initializers: how a new layer's weights and biases are drawn.
 *
 * <p>Every random draw comes from the {@link java.util.random.RandomGenerator} passed in, which
 * {@code Network.builder} seeds, so a seed reproduces the same weights. Scales follow PyTorch's
 * {@code torch.nn.init} functions of the same names.
 */
package dev.nabla.initializers;
