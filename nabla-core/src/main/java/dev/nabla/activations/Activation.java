package dev.nabla.activations;

import dev.nabla.tensor.Tensor;

/**
 * An activation function {@code a = f(z)} applied to a batch, with its backward pass {@code delta =
 * ∂L/∂z} from {@code ∂L/∂a}.
 *
 * <p>Activations are immutable values: equal parameters make equal activations, and {@link #spec()}
 * gives the text {@link Activations#parse} reads back.
 */
public interface Activation {
  /**
   * {@code a = f(z)}.
   *
   * @param preActivation {@code z}, not modified
   * @param activation {@code a}, same shape, modified
   */
  void forward(Tensor preActivation, Tensor activation);

  /**
   * {@code delta = ∂L/∂z} from {@code ∂L/∂a} by the chain rule.
   *
   * @param preActivation {@code z} of the forward pass, not modified
   * @param activation {@code a = f(z)} of the forward pass, not modified
   * @param activationGradient {@code ∂L/∂a}, not modified
   * @param delta {@code ∂L/∂z}, modified
   */
  void backward(Tensor preActivation, Tensor activation, Tensor activationGradient, Tensor delta);

  /** The text that {@link Activations#parse} reads back, e.g. {@code leaky_relu(-0.2)}. */
  String spec();
}
