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
 * RMSProp (Tieleman and Hinton, 2012, lecture 6.5; centred form from Graves, 2013), PyTorch's
 * {@code torch.optim.RMSprop} step for step. With {@code g = ∂L/∂θ + λθ}:
 *
 * <pre>
 * v ← α·v + (1 − α)·g²
 * centred:  ḡ ← α·ḡ + (1 − α)·g,  d = √(v − ḡ²) + ε;   otherwise d = √v + ε
 * momentum μ > 0:  b ← μ·b + g/d,  θ ← θ − learningRate·b
 * otherwise:       θ ← θ − learningRate·g/d
 * </pre>
 *
 * <p>PyTorch names and defaults: {@code lr}=0.01, {@code alpha}=0.99, {@code eps}=1e-8, {@code
 * weight_decay}=0, {@code momentum}=0, {@code centered}=false.
 */
public final class RmsProp extends AbstractOptimizer {
  private final double alpha;
  private final double epsilon;
  private final double weightDecay;
  private final double momentum;
  private final boolean centered;

  private RmsProp(Builder builder) {
    super(builder.learningRate);
    this.alpha = checkNonNegative("alpha", builder.alpha);
    this.epsilon = checkEpsilon(builder.epsilon);
    this.weightDecay = checkNonNegative("weightDecay", builder.weightDecay);
    this.momentum = checkBeta("momentum", builder.momentum);
    this.centered = builder.centered;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  Set<String> stateNames() {
    return Set.of("square_avg", "grad_avg", "momentum_buffer");
  }

  @Override
  boolean prepare(String name, Parameter parameter) {
    state(name, "square_avg", parameter);
    if (centered) {
      state(name, "grad_avg", parameter);
    }
    if (momentum > 0) {
      state(name, "momentum_buffer", parameter);
    }
    return false;
  }

  @Override
  void update(String name, Parameter parameter, long t, boolean first, int from, int to) {
    Tensor squareAverage = state(name, "square_avg", parameter);
    Tensor gradientAverage = centered ? state(name, "grad_avg", parameter) : null;
    Tensor buffer = momentum > 0 ? state(name, "momentum_buffer", parameter) : null;
    if (parameter.value() instanceof Float64Tensor value) {
      Float64OptimizerKernels.rmsProp(
          value.data(),
          ((Float64Tensor) parameter.gradient()).data(),
          ((Float64Tensor) squareAverage).data(),
          gradientAverage == null ? null : ((Float64Tensor) gradientAverage).data(),
          buffer == null ? null : ((Float64Tensor) buffer).data(),
          learningRate(),
          alpha,
          epsilon,
          weightDecay,
          momentum,
          from,
          to);
    } else {
      // Float32 parameters are updated in float32, as PyTorch does.
      Float32OptimizerKernels.rmsProp(
          ((Float32Tensor) parameter.value()).data(),
          ((Float32Tensor) parameter.gradient()).data(),
          ((Float32Tensor) squareAverage).data(),
          gradientAverage == null ? null : ((Float32Tensor) gradientAverage).data(),
          buffer == null ? null : ((Float32Tensor) buffer).data(),
          (float) learningRate(),
          (float) alpha,
          (float) epsilon,
          (float) weightDecay,
          (float) momentum,
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
    rule.add(Formula.of("v = α·v + (1 − α)·g²", "v = \\alpha v + (1 - \\alpha) g^2"));
    if (centered) {
      rule.add(Formula.of("ḡ = α·ḡ + (1 − α)·g", "\\bar{g} = \\alpha \\bar{g} + (1 - \\alpha) g"));
      rule.add(Formula.of("d = √(v − ḡ²) + ε", "d = \\sqrt{v - \\bar{g}^2} + \\epsilon"));
    } else {
      rule.add(Formula.of("d = √v + ε", "d = \\sqrt{v} + \\epsilon"));
    }
    if (momentum != 0) {
      rule.add(Formula.of("b = μ·b + g/d", "b = \\mu b + \\frac{g}{d}"));
      rule.add(Formula.of("θ′ = θ − η·b", "\\theta' = \\theta - \\eta b"));
    } else {
      rule.add(Formula.of("θ′ = θ − η·g/d", "\\theta' = \\theta - \\eta \\frac{g}{d}"));
    }
    return rule;
  }

  @Override
  public List<Worked> explainFirstStep(
      Formula parameter, double value, double gradient, double after) {
    List<Worked> steps = new ArrayList<>();
    Factor g = decayedGradient(steps, parameter, value, gradient, weightDecay);
    double gValue = g.value();
    Factor a = new Factor(Formula.of("α", "\\alpha"), alpha);
    Factor oneMinus = new Factor(Formula.of("(1 − α)", "(1 - \\alpha)"), 1 - alpha);
    double v = (1 - alpha) * gValue * gValue;
    steps.add(
        Worked.sum(
            Formula.of("v"),
            List.of(Term.of(a, new Factor(Formula.of("v₀", "v_0"), 0)), Term.of(oneMinus, g, g)),
            v));
    double d;
    if (centered) {
      double mean = (1 - alpha) * gValue;
      steps.add(
          Worked.sum(
              Formula.of("ḡ", "\\bar{g}"),
              List.of(
                  Term.of(a, new Factor(Formula.of("ḡ₀", "\\bar{g}_0"), 0)), Term.of(oneMinus, g)),
              mean));
      d = Math.sqrt(v - mean * mean) + epsilon;
    } else {
      d = Math.sqrt(v) + epsilon;
    }
    Factor overD = new Factor(Formula.of("1/d", "\\frac{1}{d}"), 1 / d);
    Factor eta = new Factor(Formula.of("η", "\\eta"), learningRate());
    if (momentum != 0) {
      double b = gValue / d;
      steps.add(
          Worked.sum(
              Formula.of("b"),
              List.of(
                  Term.of(
                      new Factor(Formula.of("μ", "\\mu"), momentum),
                      new Factor(Formula.of("b₀", "b_0"), 0)),
                  Term.of(g, overD)),
              b));
      steps.add(
          Worked.sum(
              Sgd.prime(parameter),
              List.of(
                  Term.of(new Factor(parameter, value)),
                  Term.minus(eta, new Factor(Formula.of("b"), b))),
              after));
    } else {
      steps.add(
          Worked.sum(
              Sgd.prime(parameter),
              List.of(Term.of(new Factor(parameter, value)), Term.minus(eta, g, overD)),
              after));
    }
    return steps;
  }

  @Override
  public OptimizerSpec spec() {
    return new OptimizerSpec(
        "rmsprop",
        Config.of(
            "learningRate", initialLearningRate(),
            "alpha", alpha,
            "epsilon", epsilon,
            "weightDecay", weightDecay,
            "momentum", momentum,
            "centered", centered));
  }

  @Override
  public String toString() {
    return "RmsProp(learningRate="
        + learningRate()
        + ", alpha="
        + alpha
        + ", epsilon="
        + epsilon
        + ", weightDecay="
        + weightDecay
        + ", momentum="
        + momentum
        + ", centered="
        + centered
        + ")";
  }

  /** Hyper-parameters of {@link RmsProp}, PyTorch's defaults; validated by {@link #build()}. */
  public static final class Builder {
    private double learningRate = 0.01;
    private double alpha = 0.99;
    private double epsilon = 1e-8;
    private double weightDecay;
    private double momentum;
    private boolean centered;

    private Builder() {}

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** The smoothing constant of the squared-gradient average. */
    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    public Builder epsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder momentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    public Builder centered(boolean centered) {
      this.centered = centered;
      return this;
    }

    public RmsProp build() {
      return new RmsProp(this);
    }
  }
}
