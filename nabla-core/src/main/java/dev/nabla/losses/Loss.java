package dev.nabla.losses;

import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;

/**
 * A loss {@code L(prediction, target)} on a batch, and its gradient {@code ∂L/∂prediction}.
 *
 * <p>Prediction and target are {@code [samples × outputs]} and must have the same shape; a mismatch
 * is a {@link ShapeException} naming the loss and both shapes. Neither is modified.
 */
public interface Loss {
  /** The loss of {@code prediction} against {@code target}, reduced to one number. */
  double value(Tensor prediction, Tensor target);

  /**
   * Writes {@code ∂L/∂prediction}, the gradient of {@link #value} with its reduction, into {@code
   * gradient}.
   *
   * @param gradient same shape as prediction, modified
   */
  void gradient(Tensor prediction, Tensor target, Tensor gradient);

  /** {@code ∂L/∂prediction} as a new tensor in the prediction's precision. */
  default Tensor gradient(Tensor prediction, Tensor target) {
    Tensor gradient = Tensor.zeros(prediction.dtype(), prediction.shape());
    gradient(prediction, target, gradient);
    return gradient;
  }

  Reduction reduction();

  /**
   * Checks that prediction and target have one shape.
   *
   * @throws ShapeException naming this loss and both shapes
   */
  default void requireSameShape(Tensor prediction, Tensor target) {
    if (prediction.shape().rank() != 2 || !prediction.shape().equals(target.shape())) {
      throw new ShapeException(
          this
              + ": prediction "
              + prediction.shape()
              + " and target "
              + target.shape()
              + " must be batches of the same shape");
    }
  }
}
