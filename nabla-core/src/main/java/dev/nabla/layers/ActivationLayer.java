package dev.nabla.layers;

import dev.nabla.activations.Activation;
import dev.nabla.activations.Activations;
import dev.nabla.activations.ElementwiseActivation;
import dev.nabla.activations.Softmax;
import dev.nabla.config.Config;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
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

  @Override
  public LayerSpec spec() {
    return LayerSpec.of(TYPE.name(), "activation", activation.spec());
  }

  @Override
  public ActivationLayer copy(DType dtype) {
    return new ActivationLayer(activation);
  }

  /** The same activation (activations hold no state) with pass state of its own. */
  @Override
  public ActivationLayer replica() {
    return new ActivationLayer(activation);
  }

  /** The activation's name, e.g. {@code ReLU} or {@code LeakyReLU(slope=-0.2)}. */
  @Override
  public String toString() {
    return activation.toString();
  }
}
