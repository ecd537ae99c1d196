package dev.nabla.layers;

import dev.nabla.config.Config;
import dev.nabla.explain.Factor;
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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Inverted dropout (Srivastava et al., 2014): in training, each element is kept with probability
 * {@code 1 − rate} and scaled by {@code 1/(1 − rate)}, so {@code a = x ⊙ m} with {@code mᵢ ∈ {0,
 * 1/(1 − rate)}}; backward is {@code ∂L/∂x = ∂L/∂a ⊙ m}. In inference it is the identity.
 *
 * <p>The n-th mask is drawn from a stream seeded by {@code (seed, n)}; the count {@code n} is the
 * buffer {@code draws}, so saving it saves the dropout's random state, and restoring it replays the
 * same masks.
 */
public final class Dropout implements Layer {
  /**
   * The {@code dropout} type. Settings: {@code rate} in [0, 1), and {@code seed}, the seed of its
   * masks, drawn from the network's seed when not set.
   */
  public static final LayerType TYPE = new Type();

  private static final class Type implements LayerType {
    @Override
    public String name() {
      return "dropout";
    }

    @Override
    public List<String> settings() {
      return List.of("rate", "seed");
    }

    @Override
    public int outputSize(Config config, int inputSize) {
      rate(config);
      config.whole("seed", 0);
      return inputSize;
    }

    @Override
    public Map<String, TensorSpec> tensors(Config config, int inputSize, DType dtype) {
      outputSize(config, inputSize);
      // The draw counter is float64 whatever the network's precision: it counts masks exactly.
      return Map.of("draws", TensorSpec.buffer(DType.FLOAT64, 1));
    }

    @Override
    public Layer create(Config config, int inputSize, DType dtype, RandomGenerator random) {
      double rate = rate(config);
      // Drawn even when the seed is set, so that setting it leaves later layers' draws unchanged.
      long drawn = random.nextLong();
      return new Dropout(rate, config.has("seed") ? config.whole("seed") : drawn);
    }

    @Override
    public String forwardFormula(Config config, String input, String output) {
      return output
          + " = "
          + input
          + " ⊙ m / (1 − "
          + rate(config)
          + ")   (in training; m keeps each element with probability 1 − rate; in inference "
          + output
          + " = "
          + input
          + ")";
    }

    @Override
    public String backwardFormula(Config config) {
      return "∂L/∂input = ∂L/∂output ⊙ m / (1 − rate)   (∂L/∂output in inference)";
    }

    private static double rate(Config config) {
      config.requireOnly(List.of("rate", "seed"));
      double rate = config.number("rate");
      if (!(rate >= 0 && rate < 1)) {
        throw new IllegalArgumentException("'rate' must be in [0, 1), got " + rate);
      }
      return rate;
    }
  }

  private final double rate;
  private final long seed;
  private final Tensor draws = Tensor.vector(DType.FLOAT64, 0);
  private boolean training;
  private Tensor mask;

  /**
   * @param rate the probability of dropping an element, in [0, 1)
   * @param seed the seed of the masks
   */
  public Dropout(double rate, long seed) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
    }
    this.rate = rate;
    this.seed = seed;
  }

  public double rate() {
    return rate;
  }

  /** The seed of the masks. */
  public long seed() {
    return seed;
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
  public void setTraining(boolean training) {
    this.training = training;
  }

  @Override
  public Map<String, Tensor> buffers() {
    return Map.of("draws", draws);
  }

  @Override
  public Tensor forward(Tensor input) {
    requireBatch(input);
    Tensor output = Tensor.zeros(input.dtype(), input.shape());
    forward(input, output);
    return output;
  }

  @Override
  public void forward(Tensor input, Tensor output) {
    if (!training || rate == 0) {
      infer(input, output);
      mask = null;
      return;
    }
    requireBatch(input);
    Batches.require(this, "forward output", output, input.dtype(), input.rows(), input.columns());
    long draw = (long) draws.get(0);
    draws.set(0, draw + 1);
    // Golden-ratio stride: neighbouring draws get well-separated seeds.
    SplittableRandom random = new SplittableRandom(seed + draw * 0x9E3779B97F4A7C15L);
    double keptScale = 1 / (1 - rate);
    // The mask is reused while the batch shape stays, so a training step allocates nothing.
    if (mask == null || !mask.shape().equals(input.shape()) || mask.dtype() != input.dtype()) {
      mask = Tensor.zeros(input.dtype(), input.shape());
    }
    for (int index = 0; index < input.size(); index++) {
      double m = random.nextDouble() >= rate ? keptScale : 0;
      mask.set(index, m);
      output.set(index, input.get(index) * m);
    }
  }

  /** The identity: inverted dropout needs no scaling at inference. */
  @Override
  public void infer(Tensor input, Tensor output) {
    requireBatch(input);
    Batches.require(this, "forward output", output, input.dtype(), input.rows(), input.columns());
    output.copyFrom(input);
  }

  @Override
  public Tensor backward(Tensor outputGradient) {
    Tensor inputGradient = Tensor.zeros(outputGradient.dtype(), outputGradient.shape());
    backward(outputGradient, inputGradient);
    return inputGradient;
  }

  @Override
  public void backward(Tensor outputGradient, Tensor inputGradient) {
    if (mask != null && !mask.shape().equals(outputGradient.shape())) {
      throw ShapeException.expected(
          this + " backward", "∂L/∂a of shape " + mask.shape(), outputGradient.shape());
    }
    if (inputGradient == null) {
      return;
    }
    Batches.require(
        this,
        "backward input gradient",
        inputGradient,
        outputGradient.dtype(),
        outputGradient.rows(),
        outputGradient.columns());
    if (mask == null) {
      inputGradient.copyFrom(outputGradient);
      return;
    }
    for (int index = 0; index < inputGradient.size(); index++) {
      inputGradient.set(index, outputGradient.get(index) * mask.get(index));
    }
  }

  private void requireBatch(Tensor input) {
    if (input.shape().rank() != 2) {
      throw ShapeException.expected(this + " forward", "a batch", input.shape());
    }
  }

  /**
   * In inference, as explain runs, dropout passes its input through: {@code out = in} and {@code
   * ∂L/∂in = ∂L/∂out}.
   */
  @Override
  public LayerExplanation explain(LayerContext context) {
    if (training) {
      return Layer.super.explain(context);
    }
    int i = context.unit();
    String shape = Notation.shape(1, context.inputValues().columns());
    Quantity forward =
        new Quantity(
            "output",
            context.output(),
            context.input(),
            shape,
            Values.of(context.outputValues()),
            Worked.sum(
                context.outputElement(i),
                List.of(
                    Term.of(new Factor(context.inputElement(i), context.inputValues().get(0, i)))),
                context.outputValues().get(0, i),
                i));
    Quantity backward =
        new Quantity(
            "inputGradient",
            context.inputGradient(),
            context.outputGradient(),
            shape,
            Values.of(context.inputGradientValues()),
            Worked.sum(
                context.inputGradientElement(i),
                List.of(
                    Term.of(
                        new Factor(
                            context.outputGradientElement(i),
                            context.outputGradientValues().get(0, i)))),
                context.inputGradientValues().get(0, i),
                i));
    return new LayerExplanation(
        context.index(),
        context.l(),
        toString(),
        List.of(forward),
        List.of(backward),
        Map.of(),
        List.of(
            "Dropout is off in inference: it passes values and gradients through. In training it"
                + " zeroes each with probability p and scales the rest by 1/(1 − p)."));
  }

  @Override
  public LayerSpec spec() {
    return LayerSpec.of(TYPE.name(), "rate", rate, "seed", seed);
  }

  @Override
  public Dropout copy(DType dtype) {
    Dropout copy = new Dropout(rate, seed);
    copy.draws.copyFrom(draws);
    copy.training = training;
    return copy;
  }

  @Override
  public String toString() {
    return "Dropout(rate=" + rate + ")";
  }
}
