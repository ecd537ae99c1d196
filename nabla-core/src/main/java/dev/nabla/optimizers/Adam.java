package dev.nabla.optimizers;

import dev.nabla.config.Config;
import dev.nabla.explain.Factor;
import dev.nabla.explain.Formula;
import dev.nabla.explain.Notation;
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
 * Adam (Kingma and Ba, 2015) with optional AMSGrad (Reddi, Kale and Kumar, 2018), and AdamW's
 * decoupled weight decay (Loshchilov and Hutter, 2019) — PyTorch's {@code torch.optim.Adam} and
 * {@code torch.optim.AdamW} step for step. At step t, with {@code g = ∂L/∂θ}:
 *
 * <pre>
 * Adam:   g ← g + λθ                      (L2, coupled into the gradient)
 * AdamW:  θ ← θ·(1 − learningRate·λ)      (decoupled, before the update)
 * m ← β₁·m + (1 − β₁)·g
 * v ← β₂·v + (1 − β₂)·g²
 * v̂ ← max(v̂, v) with AMSGrad, else v̂ = v
 * θ ← θ − (learningRate / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
 * </pre>
 *
 * <p>PyTorch names and defaults: {@code lr}=0.001, {@code betas}=(0.9, 0.999), {@code eps}=1e-8,
 * {@code weight_decay}=0 for Adam and 0.01 for AdamW, {@code amsgrad}=false.
 */
public final class Adam extends AbstractOptimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final boolean decoupled;
  private final boolean amsgrad;

  private Adam(Builder builder) {
    super(builder.learningRate);
    this.beta1 = checkBeta("beta1", builder.beta1);
    this.beta2 = checkBeta("beta2", builder.beta2);
    this.epsilon = checkEpsilon(builder.epsilon);
    this.weightDecay = checkNonNegative("weightDecay", builder.weightDecay);
    this.decoupled = builder.decoupled;
    this.amsgrad = builder.amsgrad;
  }

  /** Adam with PyTorch's defaults: L2 weight decay 0. */
  public static Builder builder() {
    return new Builder(false, 0);
  }

  /** AdamW with PyTorch's defaults: decoupled weight decay 0.01. */
  public static Builder adamW() {
    return new Builder(true, 0.01);
  }

  @Override
  Set<String> stateNames() {
    return Set.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq");
  }

  @Override
  boolean prepare(String name, Parameter parameter) {
    state(name, "exp_avg", parameter);
    state(name, "exp_avg_sq", parameter);
    if (amsgrad) {
      state(name, "max_exp_avg_sq", parameter);
    }
    return false;
  }

  @Override
  void update(String name, Parameter parameter, long t, boolean first, int from, int to) {
    Tensor m = state(name, "exp_avg", parameter);
    Tensor v = state(name, "exp_avg_sq", parameter);
    Tensor vMax = amsgrad ? state(name, "max_exp_avg_sq", parameter) : null;
    double learningRate = learningRate();
    double stepSize = learningRate / (1 - Math.pow(beta1, t));
    double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    if (parameter.value() instanceof Float64Tensor value) {
      Float64OptimizerKernels.adam(
          value.data(),
          ((Float64Tensor) parameter.gradient()).data(),
          ((Float64Tensor) m).data(),
          ((Float64Tensor) v).data(),
          vMax == null ? null : ((Float64Tensor) vMax).data(),
          learningRate,
          beta1,
          beta2,
          epsilon,
          weightDecay,
          decoupled,
          stepSize,
          biasCorrection2Sqrt,
          from,
          to);
    } else {
      // Float32 parameters are updated in float32, as PyTorch does; the loop then vectorises.
      Float32OptimizerKernels.adam(
          ((Float32Tensor) parameter.value()).data(),
          ((Float32Tensor) parameter.gradient()).data(),
          ((Float32Tensor) m).data(),
          ((Float32Tensor) v).data(),
          vMax == null ? null : ((Float32Tensor) vMax).data(),
          (float) learningRate,
          (float) beta1,
          (float) beta2,
          (float) epsilon,
          (float) weightDecay,
          decoupled,
          (float) stepSize,
          (float) biasCorrection2Sqrt,
          from,
          to);
    }
  }

  @Override
  public List<Formula> rule() {
    List<Formula> rule = new ArrayList<>();
    rule.add(
        Formula.of(
            "g = ∂L/∂θ, t = 1 (the first step)",
            "g = \\frac{\\partial L}{\\partial \\theta}, \\quad t = 1"));
    if (weightDecay != 0) {
      rule.add(
          decoupled
              ? Formula.of("θ ← θ·(1 − η·λ)", "\\theta \\leftarrow \\theta (1 - \\eta \\lambda)")
              : Formula.of("g ← g + λ·θ", "g \\leftarrow g + \\lambda \\theta"));
    }
    rule.add(Formula.of("m = β₁·m + (1 − β₁)·g", "m = \\beta_1 m + (1 - \\beta_1) g"));
    rule.add(Formula.of("v = β₂·v + (1 − β₂)·g²", "v = \\beta_2 v + (1 - \\beta_2) g^2"));
    rule.add(Formula.of("m̂ = m/(1 − β₁ᵗ)", "\\hat{m} = \\frac{m}{1 - \\beta_1^t}"));
    rule.add(
        Formula.of(
            amsgrad ? "v̂ = max(v̂, v)/(1 − β₂ᵗ) (AMSGrad)" : "v̂ = v/(1 − β₂ᵗ)",
            amsgrad
                ? "\\hat{v} = \\frac{\\max(\\hat{v}, v)}{1 - \\beta_2^t}"
                : "\\hat{v} = \\frac{v}{1 - \\beta_2^t}"));
    rule.add(
        Formula.of(
            "θ′ = θ − η·m̂/(√v̂ + ε)",
            "\\theta' = \\theta - \\eta \\frac{\\hat{m}}{\\sqrt{\\hat{v}} + \\epsilon}"));
    return rule;
  }

  @Override
  public List<Worked> explainFirstStep(
      Formula parameter, double value, double gradient, double after) {
    List<Worked> steps = new ArrayList<>();
    Formula theta = parameter;
    Factor g = new Factor(Notation.partial(parameter), gradient);
    double thetaValue = value;
    double gValue = gradient;
    Factor lambda = new Factor(Formula.of("λ", "\\lambda"), weightDecay);
    Factor eta = new Factor(Formula.of("η", "\\eta"), learningRate());
    if (weightDecay != 0 && decoupled) {
      thetaValue = value * (1 - learningRate() * weightDecay);
      steps.add(
          Worked.sum(
              theta,
              List.of(
                  Term.of(new Factor(theta, value)),
                  Term.minus(eta, lambda, new Factor(theta, value))),
              thetaValue));
    } else {
      g = decayedGradient(steps, parameter, value, gradient, weightDecay);
      gValue = g.value();
    }
    double m = (1 - beta1) * gValue;
    double v = (1 - beta2) * gValue * gValue;
    Factor b1 = new Factor(Formula.of("β₁", "\\beta_1"), beta1);
    Factor b2 = new Factor(Formula.of("β₂", "\\beta_2"), beta2);
    Formula mSymbol = Formula.of("m");
    Formula vSymbol = Formula.of("v");
    steps.add(
        Worked.sum(
            mSymbol,
            List.of(
                Term.of(b1, new Factor(Formula.of("m₀", "m_0"), 0)),
                Term.of(new Factor(Formula.of("(1 − β₁)", "(1 - \\beta_1)"), 1 - beta1), g)),
            m));
    steps.add(
        Worked.sum(
            vSymbol,
            List.of(
                Term.of(b2, new Factor(Formula.of("v₀", "v_0"), 0)),
                Term.of(new Factor(Formula.of("(1 − β₂)", "(1 - \\beta_2)"), 1 - beta2), g, g)),
            v));
    double mHat = m / (1 - beta1);
    double vHat = v / (1 - beta2);
    Formula mHatSymbol = Formula.of("m̂", "\\hat{m}");
    Formula vHatSymbol = Formula.of("v̂", "\\hat{v}");
    steps.add(
        Worked.sum(
            mHatSymbol,
            List.of(
                Term.of(
                    new Factor(mSymbol, m),
                    new Factor(
                        Formula.of("1/(1 − β₁¹)", "\\frac{1}{1 - \\beta_1^1}"), 1 / (1 - beta1)))),
            mHat));
    steps.add(
        Worked.sum(
            vHatSymbol,
            List.of(
                Term.of(
                    new Factor(vSymbol, v),
                    new Factor(
                        Formula.of("1/(1 − β₂¹)", "\\frac{1}{1 - \\beta_2^1}"), 1 / (1 - beta2)))),
            vHat));
    steps.add(
        Worked.sum(
            Sgd.prime(theta),
            List.of(
                Term.of(new Factor(theta, thetaValue)),
                Term.minus(
                    eta,
                    new Factor(mHatSymbol, mHat),
                    new Factor(
                        Formula.of("1/(√v̂ + ε)", "\\frac{1}{\\sqrt{\\hat{v}} + \\epsilon}"),
                        1 / (Math.sqrt(vHat) + epsilon)))),
            after));
    return steps;
  }

  @Override
  public OptimizerSpec spec() {
    return new OptimizerSpec(
        decoupled ? "adamw" : "adam",
        Config.of(
            "learningRate", initialLearningRate(),
            "beta1", beta1,
            "beta2", beta2,
            "epsilon", epsilon,
            "weightDecay", weightDecay,
            "amsgrad", amsgrad));
  }

  @Override
  public String toString() {
    return (decoupled ? "AdamW" : "Adam")
        + "(learningRate="
        + learningRate()
        + ", beta1="
        + beta1
        + ", beta2="
        + beta2
        + ", epsilon="
        + epsilon
        + ", weightDecay="
        + weightDecay
        + ", amsgrad="
        + amsgrad
        + ")";
  }

  /** Hyper-parameters of {@link Adam}, PyTorch's defaults; validated by {@link #build()}. */
  public static final class Builder {
    private final boolean decoupled;
    private double learningRate = 0.001;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private double weightDecay;
    private boolean amsgrad;

    private Builder(boolean decoupled, double weightDecay) {
      this.decoupled = decoupled;
      this.weightDecay = weightDecay;
    }

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** PyTorch's {@code betas}: the decay rates of the first and second moment estimates. */
    public Builder betas(double beta1, double beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    public Builder epsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /** λ: coupled L2 for Adam, decoupled decay for AdamW. */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder amsgrad(boolean amsgrad) {
      this.amsgrad = amsgrad;
      return this;
    }

    public Adam build() {
      return new Adam(this);
    }
  }
}
