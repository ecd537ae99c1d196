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
 * Stochastic gradient descent, with optional momentum (Polyak, 1964), Nesterov momentum (Sutskever
 * et al., 2013, as PyTorch formulates it) and L2 weight decay — PyTorch's {@code torch.optim.SGD}
 * step for step. With {@code g = ∂L/∂θ + λθ}:
 *
 * <pre>
 * b ← g                      on the first step (with momentum μ ≠ 0)
 * b ← μ·b + (1 − dampening)·g afterwards
 * g ← g + μ·b  (Nesterov)  or  g ← b  (classical)
 * θ ← θ − learningRate·g
 * </pre>
 *
 * <p>PyTorch names: {@code lr}, {@code momentum}, {@code dampening}, {@code nesterov}, {@code
 * weight_decay} (λ); same defaults (0 for all but {@code lr}, which has none).
 */
public final class Sgd extends AbstractOptimizer {
  private final double momentum;
  private final double dampening;
  private final boolean nesterov;
  private final double weightDecay;

  /** Plain gradient descent, {@code θ ← θ − learningRate·∂L/∂θ}. */
  public Sgd(double learningRate) {
    this(builder(learningRate));
  }

  private Sgd(Builder builder) {
    super(builder.learningRate);
    this.momentum = checkBeta("momentum", builder.momentum);
    this.dampening = checkNonNegative("dampening", builder.dampening);
    this.weightDecay = checkNonNegative("weightDecay", builder.weightDecay);
    this.nesterov = builder.nesterov;
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new IllegalArgumentException(
          "Nesterov momentum needs momentum > 0 and dampening = 0, got momentum="
              + momentum
              + ", dampening="
              + dampening);
    }
  }

  public static Builder builder(double learningRate) {
    return new Builder(learningRate);
  }

  @Override
  Set<String> stateNames() {
    return Set.of("momentum_buffer");
  }

  @Override
  boolean prepare(String name, Parameter parameter) {
    if (momentum == 0) {
      return false;
    }
    boolean firstStep = !hasState(name, "momentum_buffer");
    state(name, "momentum_buffer", parameter);
    return firstStep;
  }

  @Override
  void update(String name, Parameter parameter, long t, boolean firstStep, int from, int to) {
    Tensor buffer = momentum != 0 ? state(name, "momentum_buffer", parameter) : null;
    if (parameter.value() instanceof Float64Tensor value) {
      Float64OptimizerKernels.sgd(
          value.data(),
          ((Float64Tensor) parameter.gradient()).data(),
          buffer == null ? null : ((Float64Tensor) buffer).data(),
          firstStep,
          learningRate(),
          momentum,
          dampening,
          nesterov,
          weightDecay,
          from,
          to);
    } else {
      // Float32 parameters are updated in float32, as PyTorch does.
      Float32OptimizerKernels.sgd(
          ((Float32Tensor) parameter.value()).data(),
          ((Float32Tensor) parameter.gradient()).data(),
          buffer == null ? null : ((Float32Tensor) buffer).data(),
          firstStep,
          (float) learningRate(),
          (float) momentum,
          (float) dampening,
          nesterov,
          (float) weightDecay,
          from,
          to);
    }
  }

  @Override
  public List<Formula> rule() {
    List<Formula> rule = new ArrayList<>();
    rule.add(Formula.of("g = ∂L/∂θ", "g = \\frac{\\partial L}{\\partial \\theta}"));
    if (weightDecay != 0) {
      rule.add(Formula.of("g ← g + λ·θ", "g \\leftarrow g + \\lambda \\theta"));
    }
    if (momentum != 0) {
      rule.add(
          Formula.of(
              "b ← g on the first step, then b ← μ·b + (1 − dampening)·g",
              "b \\leftarrow g \\text{ (first step)}, \\quad b \\leftarrow \\mu b + (1 -"
                  + " \\text{dampening}) g"));
      rule.add(
          nesterov
              ? Formula.of("g ← g + μ·b", "g \\leftarrow g + \\mu b")
              : Formula.of("g ← b", "g \\leftarrow b"));
    }
    rule.add(Formula.of("θ′ = θ − η·g", "\\theta' = \\theta - \\eta g"));
    return rule;
  }

  @Override
  public List<Worked> explainFirstStep(
      Formula parameter, double value, double gradient, double after) {
    List<Worked> steps = new ArrayList<>();
    Formula theta = parameter;
    Factor step = decayedGradient(steps, parameter, value, gradient, weightDecay);
    double gValue = step.value();
    if (momentum != 0) {
      Formula b = Formula.of("b");
      steps.add(Worked.sum(b, List.of(Term.of(step)), gValue));
      if (nesterov) {
        double nesterovValue = gValue + momentum * gValue;
        steps.add(
            Worked.sum(
                Formula.of("g"),
                List.of(
                    Term.of(step),
                    Term.of(new Factor(Formula.of("μ", "\\mu"), momentum), new Factor(b, gValue))),
                nesterovValue));
        step = new Factor(Formula.of("g"), nesterovValue);
      } else {
        step = new Factor(b, gValue);
      }
    }
    steps.add(
        Worked.sum(
            prime(theta),
            List.of(
                Term.of(new Factor(theta, value)),
                Term.minus(new Factor(Formula.of("η", "\\eta"), learningRate()), step)),
            after));
    return steps;
  }

  /** {@code θ′}, the value after the step. */
  static Formula prime(Formula theta) {
    return Formula.of(theta.text() + "′", "{" + theta.latex() + "}'");
  }

  @Override
  public OptimizerSpec spec() {
    return new OptimizerSpec(
        "sgd",
        Config.of(
            "learningRate", initialLearningRate(),
            "momentum", momentum,
            "dampening", dampening,
            "nesterov", nesterov,
            "weightDecay", weightDecay));
  }

  @Override
  public String toString() {
    return "Sgd(learningRate="
        + learningRate()
        + ", momentum="
        + momentum
        + ", dampening="
        + dampening
        + ", nesterov="
        + nesterov
        + ", weightDecay="
        + weightDecay
        + ")";
  }

  /** Hyper-parameters of {@link Sgd}; validated by {@link #build()}. */
  public static final class Builder {
    private final double learningRate;
    private double momentum;
    private double dampening;
    private boolean nesterov;
    private double weightDecay;

    private Builder(double learningRate) {
      this.learningRate = learningRate;
    }

    public Builder momentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    public Builder dampening(double dampening) {
      this.dampening = dampening;
      return this;
    }

    public Builder nesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    /** L2 penalty coupled into the gradient, {@code g ← g + λθ}. */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Sgd build() {
      return new Sgd(this);
    }
  }
}
