package dev.nabla.activations;

import dev.nabla.tensor.Tensor;

/**
 * An activation applied to each element alone: {@code aᵢ = f(zᵢ)}, so {@code ∂L/∂zᵢ = ∂L/∂aᵢ ·
 * f′(zᵢ)}.
 */
public interface ElementwiseActivation extends Activation {
  /** {@code f(z)}. */
  double value(double z);

  /**
   * {@code f′(z)}, given {@code a = f(z)} as well, since some derivatives are cheapest in terms of
   * the output (sigmoid: {@code a(1−a)}; tanh: {@code 1−a²}).
   */
  double derivative(double z, double a);

  @Override
  default void forward(Tensor preActivation, Tensor activation) {
    for (int index = 0; index < preActivation.size(); index++) {
      activation.set(index, value(preActivation.get(index)));
    }
  }

  @Override
  default void backward(
      Tensor preActivation, Tensor activation, Tensor activationGradient, Tensor delta) {
    for (int index = 0; index < preActivation.size(); index++) {
      delta.set(
          index,
          activationGradient.get(index)
              * derivative(preActivation.get(index), activation.get(index)));
    }
  }
}
