package dev.nabla.layers;

import dev.nabla.activations.Activation;
import dev.nabla.activations.Activations;
import dev.nabla.activations.ElementwiseActivation;
import dev.nabla.activations.Softmax;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Applies an {@link Activation} to a batch: {@code a = f(z)}; backward turns {@code ∂L/∂a} into the
 * delta {@code ∂L/∂z}. Takes any width and has no parameters.
 */
public final class ActivationLayer implements Layer {
  /**
   * The {@code activation} type. Setting: {@code activation}, as {@link Activations#parse} reads it
   * ({@code relu}, {@code leaky_relu(-0.2)}).
   */
  public static final LayerType TYPE = new Type();

  private static final class Type implements LayerType {
    @Override
    public String name() {
      return "activation";
    }

    @Override
    public List<String> settings() {
      return List.of("activation");
    }

    @Override
    public int outputSize(Config config, int inputSize) {
      activation(config);
      return inputSize;
    }

    @Override
    public Map<String, TensorSpec> tensors(Config config, int inputSize, DType dtype) {
      activation(config);
      return Map.of();
    }

    @Override
    public Layer create(Config config, int inputSize, DType dtype, RandomGenerator random) {
      return new ActivationLayer(activation(config));
    }

    @Override
    public String forwardFormula(Config config, String input, String output) {
      return output + " = " + activation(config).spec() + "(" + input + ")";
    }

    @Override
    public String backwardFormula(Config config) {
      return activation(config) instanceof Softmax
          ? "∂L/∂z = a ⊙ (∂L/∂a − Σ ∂L/∂a ⊙ a)   (the full softmax Jacobian)"
          : "∂L/∂z = ∂L/∂a ⊙ f′(z)";
    }

    private static Activation activation(Config config) {
      config.requireOnly(List.of("activation"));
      return Activations.parse(config.text("activation"));
    }
  }

  private final Activation activation;
  private Tensor preActivation;
  private Tensor output;

  public ActivationLayer(Activation activation) {
    this.activation = Objects.requireNonNull(activation, "activation");
  }

  public Activation activation() {
    return activation;
  }

  /** Whether each output depends on its own input alone, so the output may overwrite the input. */
  public boolean isElementwise() {
    return activation instanceof ElementwiseActivation;
  }

  @Override
  public int inputSize() {
    return ANY_SIZE;
  }

  @Override
  public int outputSize(int inputSize) {
    return inputSize;
  }

  @Override
  public Tensor forward(Tensor preActivation) {
    requireBatch(preActivation);
    Tensor activationValue = Tensor.zeros(preActivation.dtype(), preActivation.shape());
    forward(preActivation, activationValue);
    return activationValue;
  }

  @Override
  public void forward(Tensor preActivation, Tensor activationValue) {
    infer(preActivation, activationValue);
    this.preActivation = preActivation;
    this.output = activationValue;
  }

  /** {@code a = f(z)}; an activation behaves the same in training and inference. */
  @Override
  public void infer(Tensor preActivation, Tensor activationValue) {
    requireOutput(preActivation, activationValue);
    activation.forward(preActivation, activationValue);
  }

  /** What {@link #forward} keeps, for a pass {@link DenseActivation} made. */
  void remember(Tensor preActivation, Tensor activationValue) {
    this.preActivation = preActivation;
    this.output = activationValue;
  }

  void requireOutput(Tensor preActivation, Tensor activationValue) {
    requireBatch(preActivation);
    Batches.require(
        this,
        "forward output",
        activationValue,
        preActivation.dtype(),
        preActivation.rows(),
        preActivation.columns());
  }

  @Override
  public Tensor backward(Tensor outputGradient) {
    requireForward(outputGradient);
    Tensor delta = Tensor.zeros(preActivation.dtype(), preActivation.shape());
    backward(outputGradient, delta);
    return delta;
  }

  @Override
  public void backward(Tensor outputGradient, Tensor delta) {
    requireForward(outputGradient);
    if (delta != null) {
      Batches.require(
          this,
          "backward delta",
          delta,
          preActivation.dtype(),
          preActivation.rows(),
          preActivation.columns());
      activation.backward(preActivation, output, outputGradient, delta);
    }
  }

  private void requireBatch(Tensor preActivation) {
    if (preActivation.shape().rank() != 2) {
      throw ShapeException.expected(this + " forward", "a batch", preActivation.shape());
    }
  }

  private void requireForward(Tensor outputGradient) {
    if (preActivation == null) {
      throw new IllegalStateException(this + ": backward() called before forward()");
    }
    if (!outputGradient.shape().equals(preActivation.shape())) {
      throw ShapeException.expected(
          this + " backward", "∂L/∂a of shape " + preActivation.shape(), outputGradient.shape());
    }
  }

  /**
   * Forward {@code a⁽ˡ⁾ = f(z⁽ˡ⁾)}, backward {@code δ⁽ˡ⁾ = ∂L/∂a⁽ˡ⁾ ⊙ f′(z⁽ˡ⁾)} with {@code f′(z)}
   * shown; for softmax, its Jacobian {@code J = diag(a) − aᵀa} and {@code δᵢ = Σⱼ ∂L/∂aⱼ·Jⱼᵢ}.
   */
  @Override
  public LayerExplanation explain(LayerContext context) {
    return activation instanceof ElementwiseActivation elementwise
        ? explainElementwise(context, elementwise)
        : activation instanceof Softmax ? explainSoftmax(context) : Layer.super.explain(context);
  }

  private LayerExplanation explainElementwise(LayerContext context, ElementwiseActivation f) {
    int i = context.unit();
    Tensor z = context.inputValues();
    Tensor a = context.outputValues();
    Tensor gradient = context.outputGradientValues();
    String shape = Notation.shape(1, z.columns());
    Formula in = context.input();
    Formula out = context.output();
    Formula zi = context.inputElement(i);
    Formula ai = context.outputElement(i);
    Quantity forward =
        new Quantity(
            "activation",
            out,
            f.definition(in),
            shape + " = f(" + shape + "), element by element",
            Values.of(a),
            Worked.function(
                ai, f.definition(zi), f.definition(Formula.value(z.get(0, i))), a.get(0, i), i));
    Tensor derivative = Tensor.zeros(DType.FLOAT64, z.shape());
    for (int k = 0; k < z.size(); k++) {
      derivative.set(k, f.derivative(z.get(k), a.get(k)));
    }
    Formula fPrime = Formula.of("f′(" + in.text() + ")", "f'\\left(" + in.latex() + "\\right)");
    Formula fPrimeI = Formula.of("f′(" + zi.text() + ")", "f'\\left(" + zi.latex() + "\\right)");
    List<Quantity> backward = new ArrayList<>();
    backward.add(
        Quantity.given("activationGradient", context.outputGradient(), Values.of(gradient)));
    backward.add(
        new Quantity(
            "derivative",
            fPrime,
            f.derivativeDefinition(in, out),
            shape,
            Values.of(derivative),
            Worked.function(
                fPrimeI,
                f.derivativeDefinition(zi, ai),
                f.derivativeDefinition(Formula.value(z.get(0, i)), Formula.value(a.get(0, i))),
                derivative.get(0, i),
                i)));
    backward.add(
        new Quantity(
            "delta",
            context.inputGradient(),
            context.outputGradient().then(" ⊙ ", " \\odot ", fPrime),
            shape + " = " + shape + " ⊙ " + shape,
            Values.of(context.inputGradientValues()),
            Worked.sum(
                context.inputGradientElement(i),
                List.of(
                    Term.of(
                        new Factor(context.outputGradientElement(i), gradient.get(0, i)),
                        new Factor(fPrimeI, derivative.get(0, i)))),
                context.inputGradientValues().get(0, i),
                i)));
    return new LayerExplanation(
        context.index(), context.l(), toString(), List.of(forward), backward, Map.of(), List.of());
  }

  private LayerExplanation explainSoftmax(LayerContext context) {
    int i = context.unit();
    Tensor z = context.inputValues();
    Tensor a = context.outputValues();
    Tensor gradient = context.outputGradientValues();
    int n = z.columns();
    String shape = Notation.shape(1, n);
    Formula zi = context.inputElement(i);
    double shift = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      shift = Math.max(shift, z.get(0, k));
    }
    Formula denominator =
        Formula.of("Σⱼ e^" + zSub(context, "ⱼ"), "\\sum_j e^{" + zLatexSub(context, "j") + "}");
    Formula numbers;
    if (n <= 6) {
      Formula sum = exp(Formula.value(z.get(0, 0)));
      for (int k = 1; k < n; k++) {
        sum = sum.plus(exp(Formula.value(z.get(0, k))));
      }
      numbers = sum;
    } else {
      double total = 0;
      for (int k = 0; k < n; k++) {
        total += Math.exp(z.get(0, k));
      }
      numbers = Formula.value(total);
    }
    Quantity forward =
        new Quantity(
            "activation",
            context.output(),
            Formula.of(
                "softmax(" + context.input().text() + ")",
                "\\operatorname{softmax}\\left(" + context.input().latex() + "\\right)"),
            shape + " = softmax(" + shape + ")",
            Values.of(a),
            Worked.function(
                context.outputElement(i),
                fraction(exp(zi), denominator),
                fraction(exp(Formula.value(z.get(0, i))), numbers),
                a.get(0, i),
                i));
    Tensor jacobian = Tensor.zeros(DType.FLOAT64, n, n);
    for (int row = 0; row < n; row++) {
      for (int column = 0; column < n; column++) {
        jacobian.set(row, column, a.get(0, row) * ((row == column ? 1 : 0) - a.get(0, column)));
      }
    }
    Formula jSymbol = Notation.layer("J", context.l());
    int other = n > 1 ? (i + 1) % n : i;
    Formula ai = context.outputElement(i);
    Formula ak = context.outputElement(other);
    List<Quantity> backward = new ArrayList<>();
    backward.add(
        Quantity.given("activationGradient", context.outputGradient(), Values.of(gradient)));
    backward.add(
        new Quantity(
            "jacobian",
            jSymbol,
            Formula.of(
                "∂a/∂z = diag("
                    + context.output().text()
                    + ") − "
                    + context.output().text()
                    + "ᵀ·"
                    + context.output().text(),
                "\\frac{\\partial a}{\\partial z} = \\operatorname{diag}\\left("
                    + context.output().latex()
                    + "\\right) - {"
                    + context.output().latex()
                    + "}^\\top "
                    + context.output().latex()),
            Notation.shape(n, n),
            Values.of(jacobian),
            Worked.sum(
                Notation.element(jSymbol, other, i),
                other == i
                    ? List.of(
                        Term.of(new Factor(ai, a.get(0, i))),
                        Term.minus(new Factor(ai, a.get(0, i)), new Factor(ai, a.get(0, i))))
                    : List.of(
                        Term.minus(new Factor(ak, a.get(0, other)), new Factor(ai, a.get(0, i)))),
                jacobian.get(other, i),
                other,
                i)));
    List<Term> terms = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      terms.add(
          Term.of(
              new Factor(context.outputGradientElement(k), gradient.get(0, k)),
              new Factor(Notation.element(jSymbol, k, i), jacobian.get(k, i))));
    }
    backward.add(
        new Quantity(
            "delta",
            context.inputGradient(),
            context.outputGradient().times(jSymbol),
            shape + " = " + shape + "·" + Notation.shape(n, n),
            Values.of(context.inputGradientValues()),
            Worked.sum(
                context.inputGradientElement(i),
                terms,
                context.inputGradientValues().get(0, i),
                i)));
    return new LayerExplanation(
        context.index(),
        context.l(),
        toString(),
        List.of(forward),
        backward,
        Map.of(),
        List.of(
            "The Jacobian is full: Jₖᵢ = aₖ·([k = i] − aᵢ). Each δᵢ sums over every output k;"
                + " dropping the off-diagonal terms −aₖ·aᵢ (as seed 002 does) gives a wrong"
                + " gradient.",
            "With cross-entropy on these probabilities, ∂L/∂aₖ = −yₖ/aₖ and the sum collapses to"
                + " δ = a − y when Σ y = 1; softmax_cross_entropy on logits computes that directly."));
  }

  private static String zSub(LayerContext context, String index) {
    return context.input().text() + index;
  }

  private static String zLatexSub(LayerContext context, String index) {
    return "{" + context.input().latex() + "}_" + index;
  }

  private static Formula exp(Formula power) {
    return Formula.of("e^" + power.text(), "e^{" + power.latex() + "}");
  }

  private static Formula fraction(Formula top, Formula bottom) {
    return Formula.of(
        top.text() + "/(" + bottom.text() + ")",
        "\\frac{" + top.latex() + "}{" + bottom.latex() + "}");
  }

  @Override
  public LayerSpec spec() {
    return LayerSpec.of(TYPE.name(), "activation", activation.spec());
  }

  @Override
  public ActivationLayer copy(DType dtype) {
    return new ActivationLayer(activation);
  }

  /** The activation's name, e.g. {@code ReLU} or {@code LeakyReLU(slope=-0.2)}. */
  @Override
  public String toString() {
    return activation.toString();
  }
}
