package dev.nabla.optimizers;

import dev.nabla.layers.Parameter;
import java.util.Map;

/** Updates parameters from their gradients. */
public interface Optimizer {
  /**
   * One update of every parameter from its current gradient.
   *
   * @param parameters by dotted name; values modified, gradients not modified
   */
  void step(Map<String, Parameter> parameters);
}
