package dev.nabla.layers;

import dev.nabla.config.Config;
import dev.nabla.explain.Factor;
import dev.nabla.explain.Formula;
import dev.nabla.explain.LayerContext;
import dev.nabla.explain.LayerExplanation;
import dev.nabla.explain.Notation;
import dev.nabla.explain.Quantity;
import dev.nabla.explain.Term;
import dev.nabla.explain.Values;
import dev.nabla.explain.Worked;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Batch normalisation of dense activations (Ioffe and Szegedy, 2015), PyTorch's {@code
 * BatchNorm1d}: per feature j, {@code x̂ = (x − μ)/√(σ² + ε)}, {@code y = γ·x̂ + β}, with learnable
 * {@code scale γ} (starts at 1) and {@code shift β} (starts at 0).
 *
 * <p>In training, μ and σ² are the batch's mean and biased variance, and the running statistics
 * move towards them: {@code running ← (1 − momentum)·running + momentum·batch}, the variance
 * unbiased ({@code ·n/(n−1)}) as in PyTorch. In inference, the running statistics are used.
 *
 * <p>Backward in training, with {@code n} samples and {@code g = ∂L/∂x̂ = γ·∂L/∂y}: {@code ∂L/∂x =
 * (g − mean(g) − x̂·mean(g·x̂)) / √(σ² + ε)}; {@code ∂L/∂γ = Σ ∂L/∂y·x̂}, {@code ∂L/∂β = Σ ∂L/∂y}.
 * In inference, {@code ∂L/∂x = γ·∂L/∂y / √(running σ² + ε)}.
 */
public final class BatchNorm implements Layer {
  /** PyTorch's defaults. */
  public static final double DEFAULT_EPSILON = 1e-5;

  public static final double DEFAULT_MOMENTUM = 0.1;

  /**
   * The {@code batchNorm} type. Settings: {@code epsilon} and {@code momentum}, PyTorch's defaults
   * when not set; it normalises as many features as the layer before gives.
   */
  public static final LayerType TYPE = new Type();

  private static final class Type implements LayerType {
    @Override
    public String name() {
      return "batchNorm";
    }

    @Override
    public List<String> settings() {
      return List.of("epsilon", "momentum");
    }

    @Override
    public int outputSize(Config config, int inputSize) {
      config.requireOnly(List.of("epsilon", "momentum"));
      // The constructor's checks, without allocating.
      check(inputSize, epsilon(config), momentum(config));
      return inputSize;
    }

    @Override
    public Map<String, TensorSpec> tensors(Config config, int inputSize, DType dtype) {
      outputSize(config, inputSize);
      Map<String, TensorSpec> tensors = new LinkedHashMap<>();
      tensors.put("scale", TensorSpec.parameter(dtype, inputSize));
      tensors.put("shift", TensorSpec.parameter(dtype, inputSize));
      tensors.put("runningMean", TensorSpec.buffer(dtype, inputSize));
      tensors.put("runningVariance", TensorSpec.buffer(dtype, inputSize));
      return tensors;
    }

    @Override
    public Layer create(Config config, int inputSize, DType dtype, RandomGenerator random) {
      outputSize(config, inputSize);
      return new BatchNorm(inputSize, epsilon(config), momentum(config), dtype);
    }

    @Override
    public String forwardFormula(Config config, String input, String output) {
      return output
          + " = scale·("
          + input
          + " − μ)/√(σ² + ε) + shift   (μ, σ² of the batch in training, the running statistics in"
          + " inference)";
    }

    @Override
    public String backwardFormula(Config config) {
      return "in training, with g = scale·∂L/∂y:  ∂L/∂input = (g − mean(g) − x̂·mean(g·x̂))/√(σ² + ε);"
          + "  ∂L/∂scale = Σ ∂L/∂y·x̂;  ∂L/∂shift = Σ ∂L/∂y;  in inference ∂L/∂input ="
          + " scale·∂L/∂y/√(running σ² + ε)";
    }

    private static double epsilon(Config config) {
      return config.number("epsilon", DEFAULT_EPSILON);
    }

    private static double momentum(Config config) {
      return config.number("momentum", DEFAULT_MOMENTUM);
    }
  }

  private final int features;
  private final double epsilon;
  private final double momentum;
  private final Parameter scale;
  private final Parameter shift;
  private final Tensor runningMean;
  private final Tensor runningVariance;
  private boolean training;
  private Tensor normalized;
  private double[] inverseStd;

  public BatchNorm(int features, DType dtype) {
    this(features, DEFAULT_EPSILON, DEFAULT_MOMENTUM, dtype);
  }

  public BatchNorm(int features, double epsilon, double momentum, DType dtype) {
    check(features, epsilon, momentum);
    this.features = features;
    this.epsilon = epsilon;
    this.momentum = momentum;
    this.scale = new Parameter(Tensor.zeros(dtype, features));
    this.scale.value().fill(1);
    this.shift = new Parameter(Tensor.zeros(dtype, features));
    this.runningMean = Tensor.zeros(dtype, features);
    this.runningVariance = Tensor.zeros(dtype, features);
    this.runningVariance.fill(1);
  }

  private static void check(int features, double epsilon, double momentum) {
    if (features < 1) {
      throw new IllegalArgumentException("batch norm needs at least 1 feature, got " + features);
    }
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(
          "batch norm epsilon must be finite and > 0, got " + epsilon);
    }
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("batch norm momentum must be in [0, 1], got " + momentum);
    }
  }

  @Override
  public int inputSize() {
    return features;
  }

  public double epsilon() {
    return epsilon;
  }

  public double momentum() {
    return momentum;
  }

  @Override
  public int outputSize(int inputSize) {
    if (inputSize != features) {
      throw new ShapeException(this + " takes " + features + " input features, got " + inputSize);
    }
    return features;
  }

  @Override
  public void setTraining(boolean training) {
    this.training = training;
  }

  @Override
  public Map<String, Parameter> parameters() {
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    parameters.put("scale", scale);
    parameters.put("shift", shift);
    return parameters;
  }

  @Override
  public Map<String, Tensor> buffers() {
    Map<String, Tensor> buffers = new LinkedHashMap<>();
    buffers.put("runningMean", runningMean);
    buffers.put("runningVariance", runningVariance);
    return buffers;
  }

  @Override
  public Tensor forward(Tensor input) {
    if (input.shape().rank() != 2 || input.columns() != features) {
      throw ShapeException.expected(
          this + " forward", "a batch [samples × " + features + "]", input.shape());
    }
    int n = input.rows();
    if (training && n < 2) {
      throw new IllegalArgumentException(
          this + ": training needs a batch of at least 2 samples to estimate a variance, got " + n);
    }
    double[] mean = new double[features];
    double[] variance = new double[features];
    if (training) {
      for (int row = 0; row < n; row++) {
        for (int j = 0; j < features; j++) {
          mean[j] += input.get(row, j);
        }
      }
      for (int j = 0; j < features; j++) {
        mean[j] /= n;
      }
      for (int row = 0; row < n; row++) {
        for (int j = 0; j < features; j++) {
          double centred = input.get(row, j) - mean[j];
          variance[j] += centred * centred;
        }
      }
      for (int j = 0; j < features; j++) {
        variance[j] /= n;
        runningMean.set(j, (1 - momentum) * runningMean.get(j) + momentum * mean[j]);
        runningVariance.set(
            j, (1 - momentum) * runningVariance.get(j) + momentum * variance[j] * n / (n - 1));
      }
    } else {
      for (int j = 0; j < features; j++) {
        mean[j] = runningMean.get(j);
        variance[j] = runningVariance.get(j);
      }
    }
    inverseStd = new double[features];
    for (int j = 0; j < features; j++) {
      inverseStd[j] = 1 / Math.sqrt(variance[j] + epsilon);
    }
    normalized = Tensor.zeros(input.dtype(), input.shape());
    Tensor output = Tensor.zeros(input.dtype(), input.shape());
    for (int row = 0; row < n; row++) {
      for (int j = 0; j < features; j++) {
        double xHat = (input.get(row, j) - mean[j]) * inverseStd[j];
        normalized.set(row, j, xHat);
        output.set(row, j, scale.value().get(j) * xHat + shift.value().get(j));
      }
    }
    return output;
  }

  /** {@code y = γ·(x − running mean)/√(running variance + ε) + β}, keeping nothing. */
  @Override
  public void infer(Tensor input, Tensor output) {
    if (input.shape().rank() != 2 || input.columns() != features) {
      throw ShapeException.expected(
          this + " forward", "a batch [samples × " + features + "]", input.shape());
    }
    Batches.require(this, "forward output", output, input.dtype(), input.rows(), features);
    // The same operations in the same order as forward in inference mode, so the two agree bit
    // for bit.
    double[] inverseStd = new double[features];
    for (int j = 0; j < features; j++) {
      inverseStd[j] = 1 / Math.sqrt(runningVariance.get(j) + epsilon);
    }
    for (int row = 0; row < input.rows(); row++) {
      for (int j = 0; j < features; j++) {
        double xHat = (input.get(row, j) - runningMean.get(j)) * inverseStd[j];
        output.set(row, j, scale.value().get(j) * xHat + shift.value().get(j));
      }
    }
  }

  @Override
  public Tensor backward(Tensor outputGradient) {
    if (normalized == null) {
      throw new IllegalStateException(this + ": backward() called before forward()");
    }
    if (!outputGradient.shape().equals(normalized.shape())) {
      throw ShapeException.expected(
          this + " backward", "∂L/∂y of shape " + normalized.shape(), outputGradient.shape());
    }
    int n = normalized.rows();
    double[] gradientMean = new double[features];
    double[] gradientDotNormalized = new double[features];
    for (int row = 0; row < n; row++) {
      for (int j = 0; j < features; j++) {
        double dy = outputGradient.get(row, j);
        double xHat = normalized.get(row, j);
        scale.gradient().set(j, scale.gradient().get(j) + dy * xHat);
        shift.gradient().set(j, shift.gradient().get(j) + dy);
        double g = dy * scale.value().get(j);
        gradientMean[j] += g / n;
        gradientDotNormalized[j] += g * xHat / n;
      }
    }
    Tensor inputGradient = Tensor.zeros(outputGradient.dtype(), outputGradient.shape());
    for (int row = 0; row < n; row++) {
      for (int j = 0; j < features; j++) {
        double g = outputGradient.get(row, j) * scale.value().get(j);
        double dx =
            training
                ? (g - gradientMean[j] - normalized.get(row, j) * gradientDotNormalized[j])
                    * inverseStd[j]
                : g * inverseStd[j];
        inputGradient.set(row, j, dx);
      }
    }
    return inputGradient;
  }

  /**
   * In inference, as explain runs: {@code x̂ = (x − μ)/√(σ² + ε)} and {@code y = γ ⊙ x̂ + β} on the
   * running statistics; backward {@code ∂L/∂γ = ∂L/∂y ⊙ x̂}, {@code ∂L/∂β = ∂L/∂y}, {@code ∂L/∂x =
   * ∂L/∂y ⊙ γ/√(σ² + ε)}, each with element {@code i} worked.
   */
  @Override
  public LayerExplanation explain(LayerContext context) {
    if (training) {
      return Layer.super.explain(context);
    }
    int l = context.l();
    int i = context.unit();
    Tensor x = context.inputValues();
    Tensor g = context.outputGradientValues();
    Formula gamma = Notation.layer("γ", "\\gamma", l);
    Formula beta = Notation.layer("β", "\\beta", l);
    Formula mu = Notation.layer("μ", "\\mu", l);
    Formula variance =
        Formula.of("σ²⁽" + Notation.superscript(l) + "⁾", "{\\sigma^2}^{(" + l + ")}");
    Formula hat = Notation.layer("x̂", "\\hat{x}", l);
    Formula eps = Formula.of("ε", "\\epsilon");
    double[] normalized = new double[features];
    double[] inverse = new double[features];
    for (int k = 0; k < features; k++) {
      inverse[k] = 1 / Math.sqrt(runningVariance.get(k) + epsilon);
      normalized[k] = (x.get(0, k) - runningMean.get(k)) * inverse[k];
    }
    String shape = Notation.shape(1, features);
    Formula in = context.input();
    Formula xi = context.inputElement(i);
    List<Quantity> forward = new java.util.ArrayList<>();
    forward.add(Quantity.given("runningMean", mu, Values.of(runningMean)));
    forward.add(Quantity.given("runningVariance", variance, Values.of(runningVariance)));
    forward.add(Quantity.given("scale", gamma, Values.of(scale.value())));
    forward.add(Quantity.given("shift", beta, Values.of(shift.value())));
    forward.add(
        new Quantity(
            "normalized",
            hat,
            normalizedFormula(in, mu, variance, eps),
            shape,
            new Values(1, features, false, normalized),
            Worked.function(
                Notation.element(hat, i),
                normalizedFormula(xi, Notation.element(mu, i), Notation.element(variance, i), eps),
                normalizedFormula(
                    Formula.value(x.get(0, i)),
                    Formula.value(runningMean.get(i)),
                    Formula.value(runningVariance.get(i)),
                    Formula.value(epsilon)),
                normalized[i],
                i)));
    forward.add(
        new Quantity(
            "output",
            context.output(),
            gamma.then(" ⊙ ", " \\odot ", hat).plus(beta),
            shape
                + " = "
                + Notation.shape(features)
                + " ⊙ "
                + shape
                + " + "
                + Notation.shape(features),
            Values.of(context.outputValues()),
            Worked.sum(
                context.outputElement(i),
                List.of(
                    Term.of(
                        new Factor(Notation.element(gamma, i), scale.value().get(i)),
                        new Factor(Notation.element(hat, i), normalized[i])),
                    Term.of(new Factor(Notation.element(beta, i), shift.value().get(i)))),
                context.outputValues().get(0, i),
                i)));
    Formula dy = context.outputGradient();
    Formula dyi = context.outputGradientElement(i);
    List<Quantity> backward = new java.util.ArrayList<>();
    backward.add(Quantity.given("outputGradient", dy, Values.of(g)));
    Tensor scaleGradient = context.gradients().get("scale");
    Tensor shiftGradient = context.gradients().get("shift");
    backward.add(
        new Quantity(
            "scaleGradient",
            Notation.partial(gamma),
            dy.then(" ⊙ ", " \\odot ", hat),
            Notation.shape(features),
            Values.of(scaleGradient),
            Worked.sum(
                Notation.partial(Notation.element(gamma, i)),
                List.of(
                    Term.of(
                        new Factor(dyi, g.get(0, i)),
                        new Factor(Notation.element(hat, i), normalized[i]))),
                scaleGradient.get(i),
                i)));
    backward.add(
        new Quantity(
            "shiftGradient",
            Notation.partial(beta),
            dy,
            Notation.shape(features),
            Values.of(shiftGradient),
            Worked.sum(
                Notation.partial(Notation.element(beta, i)),
                List.of(Term.of(new Factor(dyi, g.get(0, i)))),
                shiftGradient.get(i),
                i)));
    Formula root =
        Formula.of(
            "1/√(" + Notation.element(variance, i).text() + " + ε)",
            "\\frac{1}{\\sqrt{" + Notation.element(variance, i).latex() + " + \\epsilon}}");
    backward.add(
        new Quantity(
            "inputGradient",
            context.inputGradient(),
            Formula.of(
                dy.text() + " ⊙ " + gamma.text() + "/√(" + variance.text() + " + ε)",
                dy.latex()
                    + " \\odot \\frac{"
                    + gamma.latex()
                    + "}{\\sqrt{"
                    + variance.latex()
                    + " + \\epsilon}}"),
            shape,
            Values.of(context.inputGradientValues()),
            Worked.sum(
                context.inputGradientElement(i),
                List.of(
                    Term.of(
                        new Factor(dyi, g.get(0, i)),
                        new Factor(Notation.element(gamma, i), scale.value().get(i)),
                        new Factor(root, inverse[i]))),
                context.inputGradientValues().get(0, i),
                i)));
    Map<String, Formula> parameters = new LinkedHashMap<>();
    parameters.put("scale", gamma);
    parameters.put("shift", beta);
    return new LayerExplanation(
        context.index(),
        l,
        toString(),
        forward,
        backward,
        parameters,
        List.of(
            "In inference, μ and σ² are the running statistics, constants of the pass; in training"
                + " they are the batch's, and ∂L/∂x has two more terms through them."));
  }

  private static Formula normalizedFormula(Formula x, Formula mu, Formula variance, Formula eps) {
    return Formula.of(
        "(" + x.text() + " − " + mu.text() + ")/√(" + variance.text() + " + " + eps.text() + ")",
        "\\frac{"
            + x.latex()
            + " - "
            + mu.latex()
            + "}{\\sqrt{"
            + variance.latex()
            + " + "
            + eps.latex()
            + "}}");
  }

  @Override
  public LayerSpec spec() {
    return LayerSpec.of(TYPE.name(), "epsilon", epsilon, "momentum", momentum);
  }

  @Override
  public BatchNorm copy(DType dtype) {
    BatchNorm copy = new BatchNorm(features, epsilon, momentum, dtype);
    copy.scale.value().copyFrom(scale.value());
    copy.shift.value().copyFrom(shift.value());
    copy.runningMean.copyFrom(runningMean);
    copy.runningVariance.copyFrom(runningVariance);
    copy.training = training;
    return copy;
  }

  @Override
  public String toString() {
    return "BatchNorm(" + features + ")";
  }
}
