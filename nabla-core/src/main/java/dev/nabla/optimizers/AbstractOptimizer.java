package dev.nabla.optimizers;

import dev.nabla.layers.Parameter;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What every optimizer shares: the learning rate, the step count {@code t}, and named per-parameter
 * state tensors created (as zeros) on first use.
 */
abstract class AbstractOptimizer implements Optimizer {
  static final String STEP = "step";

  private double learningRate;
  private final Map<String, Tensor> state = new LinkedHashMap<>();
  private long steps;

  AbstractOptimizer(double learningRate) {
    this.learningRate = checkLearningRate(learningRate);
  }

  static double checkLearningRate(double learningRate) {
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learningRate must be finite and ≥ 0, got " + learningRate);
    }
    return learningRate;
  }

  static double checkNonNegative(String field, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + " must be finite and ≥ 0, got " + value);
    }
    return value;
  }

  static double checkBeta(String field, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(field + " must be in [0, 1), got " + value);
    }
    return value;
  }

  /** The names of the state tensors kept for each parameter, e.g. {@code exp_avg}. */
  abstract Set<String> stateNames();

  /** Updates one parameter; {@code t} counts steps from 1. */
  abstract void update(String name, Parameter parameter, long t);

  @Override
  public final void step(Map<String, Parameter> parameters) {
    steps++;
    for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
      update(entry.getKey(), entry.getValue(), steps);
    }
  }

  /** The state tensor {@code key} of a parameter, created as zeros on first use. */
  final Tensor state(String name, String key, Parameter parameter) {
    return state.computeIfAbsent(
        name + "." + key, unused -> Tensor.zeros(parameter.dtype(), parameter.shape()));
  }

  /** Whether the state tensor exists yet (some rules start from the first gradient). */
  final boolean hasState(String name, String key) {
    return state.containsKey(name + "." + key);
  }

  /** Steps taken so far. */
  public final long steps() {
    return steps;
  }

  @Override
  public final double learningRate() {
    return learningRate;
  }

  @Override
  public final void setLearningRate(double learningRate) {
    this.learningRate = checkLearningRate(learningRate);
  }

  @Override
  public final Map<String, Tensor> state() {
    Map<String, Tensor> copy = new LinkedHashMap<>();
    copy.put(STEP, Tensor.vector(DType.FLOAT64, steps));
    state.forEach((name, tensor) -> copy.put(name, tensor.copy()));
    return copy;
  }

  @Override
  public final void loadState(Map<String, Tensor> saved) {
    Map<String, Tensor> loaded = new LinkedHashMap<>();
    long loadedSteps = 0;
    for (Map.Entry<String, Tensor> entry : saved.entrySet()) {
      String name = entry.getKey();
      if (name.equals(STEP)) {
        loadedSteps = (long) entry.getValue().get(0);
        continue;
      }
      String key = name.substring(name.lastIndexOf('.') + 1);
      if (!stateNames().contains(key)) {
        throw new IllegalArgumentException(
            "optimizer state '"
                + name
                + "' is not kept by "
                + getClass().getSimpleName()
                + ", which keeps "
                + stateNames());
      }
      loaded.put(name, entry.getValue().copy());
    }
    state.clear();
    state.putAll(loaded);
    steps = loadedSteps;
  }
}
