package dev.nabla.optimizers;

import dev.nabla.layers.Parameter;
import java.util.Map;

/** Plain gradient descent: {@code θ ← θ − learningRate · ∂L/∂θ}. */
public final class Sgd implements Optimizer {
  private final double learningRate;

  /**
   * @throws IllegalArgumentException if the learning rate is not finite and positive
   */
  public Sgd(double learningRate) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learningRate must be finite and > 0, got " + learningRate);
    }
    this.learningRate = learningRate;
  }

  public double learningRate() {
    return learningRate;
  }

  @Override
  public void step(Map<String, Parameter> parameters) {
    for (Parameter parameter : parameters.values()) {
      parameter.value().addScaledInPlace(-learningRate, parameter.gradient());
    }
  }

  @Override
  public String toString() {
    return "Sgd(learningRate=" + learningRate + ")";
  }
}
