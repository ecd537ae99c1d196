package dev.nabla.optimizers;

import dev.nabla.config.Config;
import dev.nabla.explain.Factor;
import dev.nabla.explain.Formula;
import dev.nabla.explain.Term;
import dev.nabla.explain.Worked;
import dev.nabla.layers.Parameter;
import dev.nabla.tensor.Float32OptimizerKernels;
import dev.nabla.tensor.Float32Tensor;
import dev.nabla.tensor.Float64OptimizerKernels;
import dev.nabla.tensor.Float64Tensor;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Adagrad (Duchi, Hazan and Singer, 2011), PyTorch's {@code torch.optim.Adagrad} step for step.
 * With {@code g = ∂L/∂θ + λθ} at step t:
 *
 * <pre>
 * η_t = learningRate / (1 + (t − 1)·learningRateDecay)
 * s ← s + g²                       (s starts at initialAccumulatorValue)
 * θ ← θ − η_t · g / (√s + ε)
 * </pre>
 *
 * <p>PyTorch names and defaults: {@code lr}=0.01, {@code lr_decay}=0, {@code weight_decay}=0,
 * {@code initial_accumulator_value}=0, {@code eps}=1e-10.
 */
public final class Adagrad extends AbstractOptimizer {
  private final double learningRateDecay;
  private final double weightDecay;
  private final double initialAccumulatorValue;
  private final double epsilon;

  private Adagrad(Builder builder) {
    super(builder.learningRate);
    this.learningRateDecay = checkNonNegative("learningRateDecay", builder.learningRateDecay);
    this.weightDecay = checkNonNegative("weightDecay", builder.weightDecay);
    this.initialAccumulatorValue =
        checkNonNegative("initialAccumulatorValue", builder.initialAccumulatorValue);
    this.epsilon = checkEpsilon(builder.epsilon);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  Set<String> stateNames() {
    return Set.of("sum");
  }

  @Override
  boolean prepare(String name, Parameter parameter) {
    boolean fresh = !hasState(name, "sum");
    Tensor sum = state(name, "sum", parameter);
    if (fresh && initialAccumulatorValue != 0) {
      sum.fill(initialAccumulatorValue);
    }
    return fresh;
  }

  @Override
  void update(String name, Parameter parameter, long t, boolean fresh, int from, int to) {
    Tensor sum = state(name, "sum", parameter);
    double rate = learningRate() / (1 + (t - 1) * learningRateDecay);
    if (parameter.value() instanceof Float64Tensor value) {
      Float64OptimizerKernels.adagrad(
          value.data(),
          ((Float64Tensor) parameter.gradient()).data(),
          ((Float64Tensor) sum).data(),
          rate,
          epsilon,
          weightDecay,
          from,
          to);
    } else {
      // Float32 parameters are updated in float32, as PyTorch does.
      Float32OptimizerKernels.adagrad(
          ((Float32Tensor) parameter.value()).data(),
          ((Float32Tensor) parameter.gradient()).data(),
          ((Float32Tensor) sum).data(),
          (float) rate,
          (float) epsilon,
          (float) weightDecay,
          from,
          to);
    }
  }

  @Override
  public List<Formula> rule() {
    List<Formula> rule = new ArrayList<>();
    rule.add(
        Formula.of(
            "g = ∂L/∂θ, t = 1 (the first step: η₁ = η)",
            "g = \\frac{\\partial L}{\\partial \\theta}, \\quad t = 1, \\; \\eta_1 = \\eta"));
    if (weightDecay != 0) {
      rule.add(Formula.of("g ← g + λ·θ", "g \\leftarrow g + \\lambda \\theta"));
    }
    rule.add(Formula.of("s = s + g²", "s = s + g^2"));
    rule.add(
        Formula.of(
            "θ′ = θ − η_t·g/(√s + ε)",
            "\\theta' = \\theta - \\eta_t \\frac{g}{\\sqrt{s} + \\epsilon}"));
    return rule;
  }

  @Override
  public List<Worked> explainFirstStep(
      Formula parameter, double value, double gradient, double after) {
    List<Worked> steps = new ArrayList<>();
    Factor g = decayedGradient(steps, parameter, value, gradient, weightDecay);
    double gValue = g.value();
    double s = initialAccumulatorValue + gValue * gValue;
    steps.add(
        Worked.sum(
            Formula.of("s"),
            List.of(
                Term.of(new Factor(Formula.of("s₀", "s_0"), initialAccumulatorValue)),
                Term.of(g, g)),
            s));
    steps.add(
        Worked.sum(
            Sgd.prime(parameter),
            List.of(
                Term.of(new Factor(parameter, value)),
                Term.minus(
                    new Factor(Formula.of("η", "\\eta"), learningRate()),
                    g,
                    new Factor(
                        Formula.of("1/(√s + ε)", "\\frac{1}{\\sqrt{s} + \\epsilon}"),
                        1 / (Math.sqrt(s) + epsilon)))),
            after));
    return steps;
  }

  @Override
  public OptimizerSpec spec() {
    return new OptimizerSpec(
        "adagrad",
        Config.of(
            "learningRate", initialLearningRate(),
            "learningRateDecay", learningRateDecay,
            "weightDecay", weightDecay,
            "initialAccumulatorValue", initialAccumulatorValue,
            "epsilon", epsilon));
  }

  @Override
  public String toString() {
    return "Adagrad(learningRate="
        + learningRate()
        + ", learningRateDecay="
        + learningRateDecay
        + ", weightDecay="
        + weightDecay
        + ", initialAccumulatorValue="
        + initialAccumulatorValue
        + ", epsilon="
        + epsilon
        + ")";
  }

  /** Hyper-parameters of {@link Adagrad}, PyTorch's defaults; validated by {@link #build()}. */
  public static final class Builder {
    private double learningRate = 0.01;
    private double learningRateDecay;
    private double weightDecay;
    private double initialAccumulatorValue;
    private double epsilon = 1e-10;

    private Builder() {}

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder learningRateDecay(double learningRateDecay) {
      this.learningRateDecay = learningRateDecay;
      return this;
    }

    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder initialAccumulatorValue(double initialAccumulatorValue) {
      this.initialAccumulatorValue = initialAccumulatorValue;
      return this;
    }

    public Builder epsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    public Adagrad build() {
      return new Adagrad(this);
    }
  }
}
