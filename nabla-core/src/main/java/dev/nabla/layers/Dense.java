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
import dev.nabla.initializers.Initializer;
import dev.nabla.initializers.Initializers;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.MatrixOps;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The affine map {@code z = x·Wᵀ + b}, nothing more.
 *
 * <p>Shapes: input {@code x: [batch × in]}, {@code weights W: [out × in]}, {@code bias b: [out]},
 * output {@code z: [batch × out]}. Backward, given {@code delta = ∂L/∂z: [batch × out]}:
 *
 * <ul>
 *   <li>{@code ∂L/∂W += deltaᵀ·x} ({@code [out × in]}),
 *   <li>{@code ∂L/∂b += Σ_batch delta} ({@code [out]}),
 *   <li>{@code ∂L/∂x = delta·W} ({@code [batch × in]}).
 * </ul>
 */
public final class Dense implements Layer {
  /**
   * The {@code dense} type. Settings: {@code units} (≥ 1), {@code bias} (default true), and for new
   * layers {@code weightInitializer} (default {@code glorot_uniform}) and {@code biasInitializer}
   * (default {@code zeros}), drawn weights first, as {@link
   * dev.nabla.initializers.Initializers#parse} reads them.
   */
  public static final LayerType TYPE = new Type();

  /** The most elements a Java array holds on common JVMs. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private static final class Type implements LayerType {
    @Override
    public String name() {
      return "dense";
    }

    @Override
    public List<String> settings() {
      return List.of("units", "bias", "weightInitializer", "biasInitializer");
    }

    @Override
    public int outputSize(Config config, int inputSize) {
      config.requireOnly(settings());
      int units = config.integer("units", 1);
      if ((long) units * inputSize > MAX_ARRAY) {
        throw new IllegalArgumentException(
            "a dense layer of "
                + inputSize
                + " → "
                + units
                + " needs "
                + (long) units * inputSize
                + " weights, more than one Java array holds");
      }
      return units;
    }

    @Override
    public Map<String, TensorSpec> tensors(Config config, int inputSize, DType dtype) {
      int units = outputSize(config, inputSize);
      Map<String, TensorSpec> tensors = new LinkedHashMap<>();
      tensors.put("weights", TensorSpec.parameter(dtype, units, inputSize));
      if (config.bool("bias", true)) {
        tensors.put("bias", TensorSpec.parameter(dtype, units));
      }
      return tensors;
    }

    @Override
    public Layer create(Config config, int inputSize, DType dtype, RandomGenerator random) {
      int units = outputSize(config, inputSize);
      boolean withBias = config.bool("bias", true);
      Initializer weights = Initializers.parse(config.text("weightInitializer", "glorot_uniform"));
      Initializer bias = Initializers.parse(config.text("biasInitializer", "zeros"));
      Dense dense = new Dense(inputSize, units, withBias, dtype);
      weights.initialize(dense.weights.value(), inputSize, units, random);
      if (withBias) {
        bias.initialize(dense.bias.value(), inputSize, units, random);
      }
      return dense;
    }

    @Override
    public String forwardFormula(Config config, String input, String output) {
      return output
          + " = "
          + input
          + "·Wᵀ"
          + (config.bool("bias", true) ? " + b" : "")
          + "   (the pre-activation z)";
    }

    @Override
    public String backwardFormula(Config config) {
      return "δ = ∂L/∂z;  ∂L/∂W = δᵀ·input"
          + (config.bool("bias", true) ? ";  ∂L/∂b = Σ δ" : "")
          + ";  ∂L/∂input = δ·W";
    }
  }

  private final int inputSize;
  private final int outputSize;
  private final Parameter weights;
  private final Parameter bias;
  private Tensor input;

  /**
   * A dense layer whose weights and bias are zero; set them through {@link #weights()} and {@link
   * #bias()}, or build it with {@code Network.builder}, which draws them from an initializer.
   *
   * @param withBias whether to add a bias; without one, {@code z = x·Wᵀ}
   */
  public Dense(int inputSize, int outputSize, boolean withBias, DType dtype) {
    if (inputSize < 1 || outputSize < 1) {
      throw new IllegalArgumentException(
          "a dense layer needs at least one input and one output, got "
              + inputSize
              + " → "
              + outputSize);
    }
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    this.weights = new Parameter(Tensor.zeros(dtype, outputSize, inputSize));
    this.bias = withBias ? new Parameter(Tensor.zeros(dtype, outputSize)) : null;
  }

  private Dense(Dense source, DType dtype) {
    this.inputSize = source.inputSize;
    this.outputSize = source.outputSize;
    this.weights = source.weights.copy(dtype);
    this.bias = source.bias == null ? null : source.bias.copy(dtype);
  }

  /** {@code W: [out × in]}. */
  public Parameter weights() {
    return weights;
  }

  /** {@code b: [out]}, or null for a layer without bias. */
  public Parameter bias() {
    return bias;
  }

  public boolean hasBias() {
    return bias != null;
  }

  public DType dtype() {
    return weights.dtype();
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  public int outputSize() {
    return outputSize;
  }

  @Override
  public int outputSize(int inputSize) {
    if (inputSize != this.inputSize) {
      throw new ShapeException(
          this + " takes " + this.inputSize + " input features, got " + inputSize);
    }
    return outputSize;
  }

  @Override
  public Tensor forward(Tensor input) {
    requireInput(input, "forward");
    Tensor preActivation = Tensor.zeros(dtype(), input.rows(), outputSize);
    forward(input, preActivation);
    return preActivation;
  }

  @Override
  public void forward(Tensor input, Tensor preActivation) {
    infer(input, preActivation);
    this.input = input;
  }

  /** {@code z = x·Wᵀ + b}; a dense layer behaves the same in training and inference. */
  @Override
  public void infer(Tensor input, Tensor preActivation) {
    inferProduct(input, preActivation);
    if (bias != null) {
      MatrixOps.addToEachRow(preActivation, bias.value());
    }
  }

  /** {@link #forward} without the bias, which {@link DenseActivation} adds with the activation. */
  void forwardProduct(Tensor input, Tensor preActivation) {
    inferProduct(input, preActivation);
    this.input = input;
  }

  /** {@code z = x·Wᵀ}. */
  void inferProduct(Tensor input, Tensor preActivation) {
    requireInput(input, "forward");
    Batches.require(this, "forward output", preActivation, dtype(), input.rows(), outputSize);
    MatrixOps.multiplyTransposedB(input, weights.value(), preActivation, false);
  }

  @Override
  public Tensor backward(Tensor delta) {
    requireForward();
    Tensor inputGradient = Tensor.zeros(dtype(), input.rows(), inputSize);
    backward(delta, inputGradient);
    return inputGradient;
  }

  @Override
  public void backward(Tensor delta, Tensor inputGradient) {
    requireForward();
    if (delta.shape().rank() != 2
        || delta.rows() != input.rows()
        || delta.columns() != outputSize) {
      throw ShapeException.expected(
          this + " backward",
          "∂L/∂z of shape [" + input.rows() + " × " + outputSize + "]",
          delta.shape());
    }
    requireDType(delta);
    if (inputGradient != null) {
      Batches.require(
          this, "backward input gradient", inputGradient, dtype(), input.rows(), inputSize);
    }
    MatrixOps.multiplyTransposedA(delta, input, weights.gradient(), true);
    if (bias != null) {
      MatrixOps.sumRows(delta, bias.gradient(), true);
    }
    if (inputGradient != null) {
      MatrixOps.multiply(delta, weights.value(), inputGradient, false);
    }
  }

  private void requireInput(Tensor input, String pass) {
    if (input.shape().rank() != 2 || input.columns() != inputSize) {
      throw ShapeException.expected(
          this + " " + pass, "a batch [samples × " + inputSize + "]", input.shape());
    }
    requireDType(input);
  }

  private void requireForward() {
    if (input == null) {
      throw new IllegalStateException(this + ": backward() called before forward()");
    }
  }

  @Override
  public Map<String, Parameter> parameters() {
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    parameters.put("weights", weights);
    if (bias != null) {
      parameters.put("bias", bias);
    }
    return parameters;
  }

  @Override
  public LayerSpec spec() {
    return new LayerSpec(TYPE.name(), Config.of("units", outputSize, "bias", bias != null));
  }

  @Override
  public Dense copy(DType dtype) {
    return new Dense(this, dtype);
  }

  private void requireDType(Tensor tensor) {
    if (tensor.dtype() != dtype()) {
      throw new IllegalArgumentException(
          this
              + " holds "
              + dtype()
              + " parameters but was given a "
              + tensor.dtype()
              + " batch; convert one of them with to(DType)");
    }
  }

  /**
   * Forward {@code z⁽ˡ⁾ = a⁽ˡ⁻¹⁾·W⁽ˡ⁾ᵀ + b⁽ˡ⁾} with {@code z⁽ˡ⁾ᵢ = Σⱼ a⁽ˡ⁻¹⁾ⱼ·W⁽ˡ⁾ᵢⱼ + b⁽ˡ⁾ᵢ}
   * worked; backward {@code ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾ᵀ·a⁽ˡ⁻¹⁾}, {@code ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾}, {@code ∂L/∂a⁽ˡ⁻¹⁾ =
   * δ⁽ˡ⁾·W⁽ˡ⁾}, each with its element worked.
   */
  @Override
  public LayerExplanation explain(LayerContext context) {
    int l = context.l();
    int[] element = context.element();
    int i = element[0];
    int j = element[1];
    Formula w = Notation.layer("W", l);
    Formula b = Notation.layer("b", l);
    Formula a = context.input();
    Formula z = context.output();
    Formula delta = context.outputGradient();
    Tensor x = context.inputValues();
    Tensor d = context.outputGradientValues();
    String in = Notation.shape(1, inputSize);
    String out = Notation.shape(1, outputSize);
    String matrix = Notation.shape(outputSize, inputSize);

    List<Quantity> forward = new ArrayList<>();
    forward.add(Quantity.given("weights", w, Values.of(weights.value())));
    if (bias != null) {
      forward.add(Quantity.given("bias", b, Values.of(bias.value())));
    }
    List<Term> sum = new ArrayList<>();
    for (int k = 0; k < inputSize; k++) {
      sum.add(
          Term.of(
              new Factor(context.inputElement(k), x.get(0, k)),
              new Factor(Notation.element(w, i, k), weights.value().get(i, k))));
    }
    if (bias != null) {
      sum.add(Term.of(new Factor(Notation.element(b, i), bias.value().get(i))));
    }
    Formula product = a.times(Formula.of(w.text() + "ᵀ", "{" + w.latex() + "}^\\top"));
    forward.add(
        new Quantity(
            "preActivation",
            z,
            bias == null ? product : product.plus(b),
            out
                + " = "
                + in
                + "·"
                + Notation.shape(inputSize, outputSize)
                + (bias == null ? "" : " + " + Notation.shape(outputSize)),
            Values.of(context.outputValues()),
            Worked.sum(context.outputElement(i), sum, context.outputValues().get(0, i), i)));

    List<Quantity> backward = new ArrayList<>();
    // The last layer without an activation: z⁽ᴸ⁾ = ŷ, so its delta is the loss's gradient.
    backward.add(
        new Quantity(
            "delta",
            delta,
            context.last() ? Notation.partial(Notation.PREDICTION) : null,
            out,
            Values.of(d),
            null));
    Tensor weightsGradient = context.gradients().get("weights");
    backward.add(
        new Quantity(
            "weightsGradient",
            Notation.partial(w),
            Formula.of(delta.text() + "ᵀ", "{" + delta.latex() + "}^\\top").times(a),
            matrix + " = " + Notation.shape(outputSize, 1) + "·" + in,
            Values.of(weightsGradient),
            Worked.sum(
                Notation.partial(Notation.element(w, i, j)),
                List.of(
                    Term.of(
                        new Factor(context.outputGradientElement(i), d.get(0, i)),
                        new Factor(context.inputElement(j), x.get(0, j)))),
                weightsGradient.get(i, j),
                i,
                j)));
    if (bias != null) {
      Tensor biasGradient = context.gradients().get("bias");
      backward.add(
          new Quantity(
              "biasGradient",
              Notation.partial(b),
              delta,
              Notation.shape(outputSize) + " = " + out,
              Values.of(biasGradient),
              Worked.sum(
                  Notation.partial(Notation.element(b, i)),
                  List.of(Term.of(new Factor(context.outputGradientElement(i), d.get(0, i)))),
                  biasGradient.get(i),
                  i)));
    }
    List<Term> back = new ArrayList<>();
    for (int k = 0; k < outputSize; k++) {
      back.add(
          Term.of(
              new Factor(context.outputGradientElement(k), d.get(0, k)),
              new Factor(Notation.element(w, k, j), weights.value().get(k, j))));
    }
    backward.add(
        new Quantity(
            "inputGradient",
            context.inputGradient(),
            delta.times(w),
            in + " = " + out + "·" + matrix,
            Values.of(context.inputGradientValues()),
            Worked.sum(
                context.inputGradientElement(j),
                back,
                context.inputGradientValues().get(0, j),
                j)));
    List<String> notes = new ArrayList<>();
    if (bias != null && context.options().biasColumn()) {
      backward.add(
          Quantity.given(
              "biasColumnGradient",
              Notation.partial(
                  Formula.of(
                      "[" + b.text() + " | " + w.text() + "]",
                      "[" + b.latex() + " \\mid " + w.latex() + "]")),
              Values.matrix(
                  dev.nabla.network.WeightLayouts.toBiasColumn(
                      weightsGradient, context.gradients().get("bias")))));
      notes.add(
          "In the seed notebooks' layout the bias is column 0 of the weight matrix and the input"
              + " is augmented with 1: [b | W] times [1, a]. Column 0 of ∂L/∂[b | W] is ∂L/∂b;"
              + " columns 1.. are ∂L/∂W.");
    }
    Map<String, Formula> parameters = new LinkedHashMap<>();
    parameters.put("weights", w);
    if (bias != null) {
      parameters.put("bias", b);
    }
    return new LayerExplanation(
        context.index(), l, toString(), forward, backward, parameters, notes);
  }

  /** {@code Dense(2 → 4)}, or {@code Dense(2 → 4, no bias)}. */
  @Override
  public String toString() {
    return "Dense(" + inputSize + " → " + outputSize + (bias == null ? ", no bias)" : ")");
  }
}
