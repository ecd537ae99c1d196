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

  /**
   * {@link #forward(Tensor)} into a given batch: every element of {@code output} ({@code [samples ×
   * outputSize]}) is overwritten. Like {@code forward}, it keeps what {@link #backward} needs,
   * which may be {@code input} and {@code output} themselves, so the caller leaves both unchanged
   * until the backward pass. A network's training step calls this with buffers allocated once per
   * batch size, so that the step allocates nothing. The default copies the result of {@code
   * forward}.
   *
   * @throws IllegalArgumentException if {@code output} has the wrong shape or precision
   */
  default void forward(Tensor input, Tensor output) {
    Tensor result = forward(input);
    Batches.require(
        this, "forward output", output, result.dtype(), result.rows(), result.columns());
    output.copyFrom(result);
  }

  /**
   * {@link #backward(Tensor)} into a given batch: adds {@code ∂L/∂θ} into each parameter's
   * gradient, and writes {@code ∂L/∂input} into {@code inputGradient}, or skips it when {@code
   * inputGradient} is null (a network's first layer: nothing needs the gradient of the data, and
   * for a dense layer it is a third of the work). The default copies the result of {@code
   * backward}.
   */
  default void backward(Tensor outputGradient, Tensor inputGradient) {
    Tensor result = backward(outputGradient);
    if (inputGradient != null) {
      Batches.require(
          this,
          "backward input gradient",
          inputGradient,
          result.dtype(),
          result.rows(),
          result.columns());
      inputGradient.copyFrom(result);
    }
  }

  /**
   * The output in inference mode (dropout passes values through, batch norm uses its running
   * statistics) written into {@code output}, keeping nothing and changing nothing: {@code
   * Network.predict} calls it from several threads at once on different rows. The default runs
   * {@link #forward(Tensor, Tensor)} under this layer's lock, in whatever mode the layer is in;
   * every layer in this package overrides it.
   */
  default void infer(Tensor input, Tensor output) {
    synchronized (this) {
      forward(input, output);
    }
  }

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
   * The layer's registered type and the settings that rebuild it (its structure, not its values):
   * {@code LayerTypes.get(spec().type()).create(spec().config(), …)} makes a layer like this one.
   */
  LayerSpec spec();

  /**
   * A copy with its parameter values and buffers converted to {@code dtype}, zero gradients, no
   * cache, in the same mode.
   */
  Layer copy(DType dtype);

  /**
   * This layer's pass for one sample written out in the {@link dev.nabla.explain.Notation}: its
   * forward and backward formulas, shapes, values and one element worked with the numbers. The
   * default shows the formulas its {@link LayerType} writes and the values, with no element worked;
   * a layer that teaches overrides it.
   *
   * @param context the traced tensors, their symbols and the element to work
   */
  default dev.nabla.explain.LayerExplanation explain(dev.nabla.explain.LayerContext context) {
    LayerSpec spec = spec();
    LayerType type = LayerTypes.get(spec.type());
    return context.valuesOnly(
        toString(),
        type.forwardFormula(spec.config(), context.input().text(), context.output().text()),
        type.backwardFormula(spec.config()));
  }
}
