package dev.nabla.layers;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.Map;

/**
 * A map from a batch {@code [samples × inputSize]} to a batch {@code [samples × outputSize]}, with
 * its backward pass.
 *
 * <p>Contract: {@link #forward} keeps what {@link #backward} needs; {@code backward} must follow a
 * {@code forward} (otherwise {@link IllegalStateException}), adds the gradient of every parameter
 * into {@link Parameter#gradient()}, and returns the gradient with respect to the forward input.
 * Tensors passed in are not modified; tensors returned are new.
 */
public interface Layer {
  /** {@link #inputSize()} of a layer that takes any width, such as an activation. */
  int ANY_SIZE = -1;

  /** The number of input features this layer takes, or {@link #ANY_SIZE}. */
  int inputSize();

  /** The number of output features for an input of {@code inputSize} features. */
  int outputSize(int inputSize);

  /**
   * The layer's output for a batch.
   *
   * @param input {@code [samples × inputSize]}, not modified (but kept for backward)
   * @return {@code [samples × outputSize]}, new
   */
  Tensor forward(Tensor input);

  /**
   * Backpropagates through the layer: adds {@code ∂L/∂θ} into each parameter's gradient.
   *
   * @param outputGradient {@code ∂L/∂output}, {@code [samples × outputSize]}, not modified
   * @return {@code ∂L/∂input}, {@code [samples × inputSize]}, new
   * @throws IllegalStateException if no forward pass came first
   */
  Tensor backward(Tensor outputGradient);

  /** The layer's parameters by local name ({@code weights}, {@code bias}), in a stable order. */
  default Map<String, Parameter> parameters() {
    return Map.of();
  }

  /**
   * Non-trainable state that a saved model must keep, by local name (batch norm's running
   * statistics, dropout's draw counter); wrapped, not copied.
   */
  default Map<String, Tensor> buffers() {
    return Map.of();
  }

  /**
   * Switches between training behaviour (dropout drops, batch norm uses batch statistics) and
   * inference behaviour. Layers that behave the same in both ignore it.
   */
  default void setTraining(boolean training) {}

  /**
   * A copy with its parameter values and buffers converted to {@code dtype}, zero gradients, no
   * cache, in the same mode.
   */
  Layer copy(DType dtype);
}
