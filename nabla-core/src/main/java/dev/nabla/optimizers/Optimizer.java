package dev.nabla.optimizers;

import dev.nabla.layers.Parameter;
import dev.nabla.tensor.Tensor;
import java.util.Map;

/**
 * Updates parameters from their gradients, {@code gradient = ∂L/∂θ}, keeping whatever state the
 * rule needs (momentum, moment estimates) per parameter, keyed {@code <parameter name>.<state>}.
 */
public interface Optimizer {
  /**
   * One update of every parameter from its current gradient.
   *
   * @param parameters by dotted name; values modified, gradients not modified
   */
  void step(Map<String, Parameter> parameters);

  /** The learning rate the next step uses. */
  double learningRate();

  /** Sets the learning rate of later steps, as a schedule does. */
  void setLearningRate(double learningRate);

  /**
   * The optimizer's type and hyper-parameters, with the learning rate it was built with (not the
   * one a schedule set since): {@code spec().create()} is a fresh optimizer like this one. Every
   * optimizer of this package has one; an optimizer a program writes itself may have none, and is
   * then not written into recipes.
   *
   * @throws UnsupportedOperationException if this optimizer cannot be described by a spec
   */
  default OptimizerSpec spec() {
    throw new UnsupportedOperationException(
        getClass().getName() + " has no OptimizerSpec, so it cannot be written into a recipe");
  }

  /**
   * A new optimizer with the same hyper-parameters and no state: no step taken, the rate it was
   * built with. A training run starts from one, so that runs do not leak into each other. The
   * default builds one from {@link #spec()}; an optimizer without a spec overrides this.
   */
  default Optimizer fresh() {
    return spec().create();
  }

  /** The optimizer's state, copied: what a checkpoint saves. Empty before the first step. */
  Map<String, Tensor> state();

  /**
   * Replaces the optimizer's state with a copy of {@code state}, as saved by {@link #state()}.
   *
   * @throws IllegalArgumentException if a name is not state this optimizer keeps
   */
  void loadState(Map<String, Tensor> state);

  /**
   * The update rule in symbols, {@code θ′ = θ − η·g} for SGD, one line per quantity, with this
   * optimizer's settings; empty if it does not write its step out.
   */
  default java.util.List<dev.nabla.explain.Formula> rule() {
    return java.util.List.of();
  }

  /**
   * The first step from fresh state for one element written out with the numbers, in the order the
   * rule computes it, the new value last: for Adam {@code m}, {@code v}, {@code m̂}, {@code v̂} and
   * {@code θ′}. Empty if this optimizer does not write its step out.
   *
   * @param parameter the element's symbol, e.g. {@code W⁽²⁾₀₀}
   * @param value {@code θ} before the step
   * @param gradient {@code g = ∂L/∂θ}
   * @param after {@code θ′} as the step computed it: the last line's value
   */
  default java.util.List<dev.nabla.explain.Worked> explainFirstStep(
      dev.nabla.explain.Formula parameter, double value, double gradient, double after) {
    return java.util.List.of();
  }
}
