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

  /**
   * The loss of one sample written out in the {@link dev.nabla.explain.Notation}: its formula, the
   * reduction, its value term by term and {@code ∂L/∂ŷ}, with output {@code element} worked. The
   * default shows the value and the gradient without terms; the losses of this package override it.
   *
   * @param prediction {@code ŷ}, {@code [1 × n]}, not modified
   * @param target {@code y}, {@code [1 × n]}, not modified
   * @param element the output worked, from 0
   */
  default dev.nabla.explain.LossExplanation explain(Tensor prediction, Tensor target, int element) {
    dev.nabla.explain.Values gradient = dev.nabla.explain.Values.of(gradient(prediction, target));
    double value = value(prediction, target);
    return new dev.nabla.explain.LossExplanation(
        toString(),
        dev.nabla.explain.Formula.of(
            "L = " + this + "(ŷ, y)", "L = \\text{" + this + "}(\\hat{y}, y)"),
        reduction().toString().toLowerCase(java.util.Locale.ROOT),
        java.util.List.of(
            dev.nabla.explain.Quantity.given(
                "loss",
                dev.nabla.explain.Notation.LOSS,
                new dev.nabla.explain.Values(1, 1, false, new double[] {value})),
            dev.nabla.explain.Quantity.given(
                "predictionGradient",
                dev.nabla.explain.Notation.partial(dev.nabla.explain.Notation.PREDICTION),
                gradient)),
        value,
        java.util.List.of(this + " does not write its terms out; its values are shown."));
  }
}
