package dev.nabla.layers;

import dev.nabla.activations.ElementwiseActivation;
import dev.nabla.tensor.Tensor;

/**
 * A dense layer with bias and the element-wise activation after it, run as one step: the product
 * {@code z = x·Wᵀ}, then one pass that adds the bias and applies the activation ({@link
 * ElementwiseActivation#forwardWithBias}) instead of a pass for each. The outputs, and what each
 * layer keeps for its backward pass, are the same bits as running the two layers one after the
 * other; {@code Network} uses it wherever two such layers are adjacent.
 */
public final class DenseActivation {
  private DenseActivation() {}

  /**
   * Whether {@code first} and {@code second} are a dense layer with bias and such an activation.
   */
  public static boolean fuses(Layer first, Layer second) {
    return first instanceof Dense dense
        && dense.hasBias()
        && second instanceof ActivationLayer activation
        && activation.isElementwise();
  }

  /**
   * The training forward pass of both layers: {@code z} into {@code preActivation}, {@code a} into
   * {@code activationValue}, each layer keeping what its backward pass needs.
   *
   * @throws IllegalArgumentException if the two layers do not {@link #fuses fuse}
   */
  public static void forward(
      Layer first, Layer second, Tensor input, Tensor preActivation, Tensor activationValue) {
    Dense dense = dense(first, second);
    ActivationLayer activation = (ActivationLayer) second;
    dense.forwardProduct(input, preActivation);
    activation.requireOutput(preActivation, activationValue);
    elementwise(activation).forwardWithBias(preActivation, dense.bias().value(), activationValue);
    activation.remember(preActivation, activationValue);
  }

  /**
   * {@code a = f(x·Wᵀ + b)} into {@code output}, for inference: the product is written there and
   * the bias and activation applied in place, so no pre-activation buffer is needed.
   *
   * @throws IllegalArgumentException if the two layers do not {@link #fuses fuse}
   */
  public static void infer(Layer first, Layer second, Tensor input, Tensor output) {
    Dense dense = dense(first, second);
    dense.inferProduct(input, output);
    elementwise((ActivationLayer) second).forwardWithBias(output, dense.bias().value(), output);
  }

  private static Dense dense(Layer first, Layer second) {
    if (!fuses(first, second)) {
      throw new IllegalArgumentException(
          first
              + " and "
              + second
              + " are not a dense layer with bias and an element-wise activation");
    }
    return (Dense) first;
  }

  private static ElementwiseActivation elementwise(ActivationLayer layer) {
    return (ElementwiseActivation) layer.activation();
  }
}
