package dev.nabla.layers;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * A trainable tensor and the gradient of the loss with respect to it, {@code gradient = ∂L/∂θ}.
 *
 * <p>Backward passes add into the gradient; {@link #zeroGradient()} clears it. Optimizers read the
 * gradient and update the value; their state is kept in the optimizer, keyed by the parameter's
 * name in its network.
 */
public final class Parameter {
  private final Tensor value;
  private final Tensor gradient;

  /** A parameter over {@code value}, <em>wrapped</em>, with a zero gradient of the same shape. */
  public Parameter(Tensor value) {
    this.value = value;
    this.gradient = Tensor.zeros(value.dtype(), value.shape());
  }

  /** The value, wrapped: modifying it modifies the parameter. */
  public Tensor value() {
    return value;
  }

  /** {@code ∂L/∂value}, accumulated over the backward passes since the last zeroing; wrapped. */
  public Tensor gradient() {
    return gradient;
  }

  public void zeroGradient() {
    gradient.fill(0);
  }

  public Shape shape() {
    return value.shape();
  }

  public DType dtype() {
    return value.dtype();
  }

  /** A new parameter with a copy of this value in {@code dtype} and a zero gradient. */
  public Parameter copy(DType dtype) {
    return new Parameter(value.to(dtype));
  }
}
