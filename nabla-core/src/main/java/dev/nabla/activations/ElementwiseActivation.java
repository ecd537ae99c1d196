package dev.nabla.activations;

import dev.nabla.explain.Formula;
import dev.nabla.tensor.MatrixOps;
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

  /**
   * {@code f} applied to {@code z}, as a formula: {@code max(0, z)} for ReLU. Given numbers for
   * {@code z}, it is the worked element with the numbers in. The default writes {@code f(z)}.
   *
   * @param z the argument, a symbol or a number
   */
  default Formula definition(Formula z) {
    return Formula.of("f(" + z.text() + ")", "f(" + z.latex() + ")");
  }

  /**
   * {@code f′} at {@code z}, as a formula in {@code z} and {@code a = f(z)}, as {@link #derivative}
   * computes it: {@code a·(1 − a)} for the sigmoid. The default writes {@code f′(z)}.
   *
   * @param z the argument, a symbol or a number
   * @param a the activation {@code f(z)}, a symbol or a number
   */
  default Formula derivativeDefinition(Formula z, Formula a) {
    return Formula.of("f′(" + z.text() + ")", "f'(" + z.latex() + ")");
  }

  /**
   * A dense layer's bias and this activation: {@code z += b} on every row, then {@code a = f(z)}.
   * This default makes the two passes; an activation may fuse them into one pass over the batch,
   * with the same bits. {@code activation} may be {@code preActivation} itself.
   *
   * @param bias a vector of {@code z}'s width, in its precision
   */
  default void forwardWithBias(Tensor preActivation, Tensor bias, Tensor activation) {
    MatrixOps.addToEachRow(preActivation, bias);
    forward(preActivation, activation);
  }

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
