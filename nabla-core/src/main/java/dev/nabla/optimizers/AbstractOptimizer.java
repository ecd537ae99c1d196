package dev.nabla.optimizers;

import dev.nabla.explain.Factor;
import dev.nabla.explain.Formula;
import dev.nabla.explain.Notation;
import dev.nabla.explain.Term;
import dev.nabla.explain.Worked;
import dev.nabla.layers.Parameter;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What every optimizer shares: the learning rate, the step count {@code t}, and named per-parameter
 * state tensors created (as zeros) on first use.
 */
abstract class AbstractOptimizer implements Optimizer {
  static final String STEP = "step";

  private double learningRate;

  /** The rate it was built with: a schedule's base, and what {@link #spec()} records. */
  private final double initialLearningRate;

  /**
   * State tensors by parameter name, then key; nested rather than keyed by {@code name.key} so that
   * looking one up in a step builds no string.
   */
  private final Map<String, Map<String, Tensor>> state = new LinkedHashMap<>();

  private long steps;

  /**
   * One action made once: {@code forEach} with it walks any map without the iterator and entry
   * wrappers that {@code entrySet()} of an unmodifiable map allocates on every step.
   */
  private final BiConsumer<String, Parameter> updateEach =
      (name, parameter) ->
          update(name, parameter, steps, prepare(name, parameter), 0, parameter.value().size());

  // A step split into parts: the parameters indexed once, and whether it is each one's first step.
  private Map<String, Parameter> splitParameters;
  private String[] splitNames;
  private Parameter[] splitValues;
  private boolean[] splitFirst;

  AbstractOptimizer(double learningRate) {
    this.learningRate = checkLearningRate(learningRate);
    this.initialLearningRate = learningRate;
  }

  /** The learning rate this optimizer was built with, before any schedule changed it. */
  public final double initialLearningRate() {
    return initialLearningRate;
  }

  /**
   * The first step of a worked update with coupled weight decay: {@code g = ∂L/∂θ + λ·θ} with the
   * numbers, added to {@code steps} when λ ≠ 0. Returns the gradient factor the rule goes on with:
   * that {@code g}, or {@code ∂L/∂θ} itself without decay.
   */
  static Factor decayedGradient(
      List<Worked> steps, Formula parameter, double value, double gradient, double weightDecay) {
    Factor g = new Factor(Notation.partial(parameter), gradient);
    if (weightDecay == 0) {
      return g;
    }
    double decayed = gradient + weightDecay * value;
    steps.add(
        Worked.sum(
            Formula.of("g"),
            List.of(
                Term.of(g),
                Term.of(
                    new Factor(Formula.of("λ", "\\lambda"), weightDecay),
                    new Factor(parameter, value))),
            decayed));
    return new Factor(Formula.of("g"), decayed);
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

  /** ε keeps a denominator from zero: at 0, a parameter whose gradient is 0 becomes 0/0. */
  static double checkEpsilon(double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "epsilon must be finite and > 0 (it keeps a denominator from zero), got " + value);
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

  /**
   * Creates the parameter's state tensors this step needs, if they are not there yet; returns
   * whether this is the parameter's first step, where a rule starts its state from the gradient.
   * Runs before {@link #update}, on one thread, so that updates of parts of the parameter at once
   * only read the state map.
   */
  abstract boolean prepare(String name, Parameter parameter);

  /**
   * Updates the elements {@code from ≤ i < to} of one parameter; {@code t} counts steps from 1 and
   * {@code first} is what {@link #prepare} said.
   */
  abstract void update(String name, Parameter parameter, long t, boolean first, int from, int to);

  @Override
  public final void step(Map<String, Parameter> parameters) {
    steps++;
    parameters.forEach(updateEach);
  }

  @Override
  public final boolean beginSplitStep(Map<String, Parameter> parameters) {
    if (parameters != splitParameters) {
      splitParameters = parameters;
      splitNames = parameters.keySet().toArray(new String[0]);
      splitValues = parameters.values().toArray(new Parameter[0]);
      splitFirst = new boolean[splitNames.length];
    }
    steps++;
    for (int index = 0; index < splitNames.length; index++) {
      splitFirst[index] = prepare(splitNames[index], splitValues[index]);
    }
    return true;
  }

  @Override
  public final void stepPart(int part, int parts) {
    for (int index = 0; index < splitNames.length; index++) {
      int size = splitValues[index].value().size();
      int from = (int) ((long) size * part / parts);
      int to = (int) ((long) size * (part + 1) / parts);
      update(splitNames[index], splitValues[index], steps, splitFirst[index], from, to);
    }
  }

  /** The state tensor {@code key} of a parameter, created as zeros on first use. */
  final Tensor state(String name, String key, Parameter parameter) {
    Map<String, Tensor> tensors = state.get(name);
    if (tensors == null) {
      tensors = new LinkedHashMap<>();
      state.put(name, tensors);
    }
    Tensor tensor = tensors.get(key);
    if (tensor == null) {
      tensor = Tensor.zeros(parameter.dtype(), parameter.shape());
      tensors.put(key, tensor);
    }
    return tensor;
  }

  /** Whether the state tensor exists yet (some rules start from the first gradient). */
  final boolean hasState(String name, String key) {
    Map<String, Tensor> tensors = state.get(name);
    return tensors != null && tensors.containsKey(key);
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
    state.forEach(
        (name, tensors) ->
            tensors.forEach((key, tensor) -> copy.put(name + "." + key, tensor.copy())));
    return copy;
  }

  @Override
  public final void loadState(Map<String, Tensor> saved) {
    Map<String, Map<String, Tensor>> loaded = new LinkedHashMap<>();
    long loadedSteps = 0;
    for (Map.Entry<String, Tensor> entry : saved.entrySet()) {
      String name = entry.getKey();
      if (name.equals(STEP)) {
        loadedSteps = (long) entry.getValue().get(0);
        continue;
      }
      int dot = name.lastIndexOf('.');
      String key = name.substring(dot + 1);
      if (dot < 0 || !stateNames().contains(key)) {
        throw new IllegalArgumentException(
            "optimizer state '"
                + name
                + "' is not kept by "
                + getClass().getSimpleName()
                + ", which keeps "
                + stateNames());
      }
      loaded
          .computeIfAbsent(name.substring(0, dot), unused -> new LinkedHashMap<>())
          .put(key, entry.getValue().copy());
    }
    state.clear();
    state.putAll(loaded);
    steps = loadedSteps;
  }
}
