package dev.nabla.network;

import dev.nabla.activations.Activation;
import dev.nabla.activations.Identity;
import dev.nabla.initializers.Initializer;
import dev.nabla.initializers.Initializers;
import dev.nabla.layers.ActivationLayer;
import dev.nabla.layers.BatchNorm;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Dropout;
import dev.nabla.layers.Layer;
import dev.nabla.layers.LayerSpec;
import dev.nabla.layers.LayerType;
import dev.nabla.layers.TensorSpec;
import dev.nabla.regularization.MaxNorm;
import dev.nabla.regularization.Penalty;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.ShapeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Builds a {@link Network} layer by layer, checking each layer's size against the one before it as
 * it is added.
 *
 * <p>Dense layers added with {@link #dense} are drawn at {@link #build()} from the weight and bias
 * initializers in force when they were added (Glorot uniform and zeros unless set, as in Keras), in
 * float64 unless {@link #dtype} says otherwise. Each dense layer draws from its own stream split
 * from {@link #seed}, so one seed always gives the same weights.
 */
public final class NetworkBuilder {
  private final int inputSize;
  private final List<LayerFactory> specs = new ArrayList<>();
  private DType dtype = DType.FLOAT64;
  private long seed = 0;
  private Initializer weightInitializer = Initializers.glorotUniform();
  private Initializer biasInitializer = Initializers.zeros();
  private Penalty weightPenalty;
  private MaxNorm maxNorm;
  private final Map<String, Penalty> penalties = new LinkedHashMap<>();
  private final Map<String, MaxNorm> constraints = new LinkedHashMap<>();
  private int width;
  private String widthSource;

  /** How one layer is made at {@link #build()}, from the network's precision and its stream. */
  private interface LayerFactory {
    Layer create(DType dtype, SplittableRandom random);
  }

  NetworkBuilder(int inputSize) {
    if (inputSize < 1) {
      throw new IllegalArgumentException("a network needs at least 1 input, got " + inputSize);
    }
    this.inputSize = inputSize;
    this.width = inputSize;
    this.widthSource = "the network input";
  }

  /** The precision of the network's parameters; float64 by default. */
  public NetworkBuilder dtype(DType dtype) {
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    return this;
  }

  /** The seed every random initial value is drawn from; 0 by default. */
  public NetworkBuilder seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** The weight initializer for dense layers added after this call. */
  public NetworkBuilder weightInitializer(Initializer initializer) {
    this.weightInitializer = Objects.requireNonNull(initializer, "initializer");
    return this;
  }

  /** The bias initializer for dense layers added after this call. */
  public NetworkBuilder biasInitializer(Initializer initializer) {
    this.biasInitializer = Objects.requireNonNull(initializer, "initializer");
    return this;
  }

  /**
   * The weight penalty of dense layers added after this call; null for none (the default). Biases
   * are never penalised, as in Keras's {@code kernel_regularizer}.
   */
  public NetworkBuilder weightPenalty(Penalty penalty) {
    this.weightPenalty = penalty;
    return this;
  }

  /** The max-norm constraint of dense layers added after this call; null for none (default). */
  public NetworkBuilder maxNorm(MaxNorm constraint) {
    this.maxNorm = constraint;
    return this;
  }

  /** A dense layer of {@code units} outputs with a bias, no activation. */
  public NetworkBuilder dense(int units) {
    return addDense(units, true);
  }

  /** A dense layer of {@code units} outputs with a bias, followed by {@code activation}. */
  public NetworkBuilder dense(int units, Activation activation) {
    addDense(units, true);
    return activation(activation);
  }

  /** A dense layer of {@code units} outputs without bias, {@code z = x·Wᵀ}. */
  public NetworkBuilder denseWithoutBias(int units) {
    return addDense(units, false);
  }

  /** An activation layer; the identity adds nothing. */
  public NetworkBuilder activation(Activation activation) {
    Objects.requireNonNull(activation, "activation");
    if (!(activation instanceof Identity)) {
      specs.add((dtype, random) -> new ActivationLayer(activation));
    }
    return this;
  }

  /** Batch normalisation of the current width (PyTorch's {@code BatchNorm1d} defaults). */
  public NetworkBuilder batchNorm() {
    int features = width;
    String description = "BatchNorm(" + features + ")";
    produces(features, features, description);
    specs.add((dtype, random) -> new BatchNorm(features, dtype));
    return this;
  }

  /** Inverted dropout with drop probability {@code rate}, its masks seeded from {@link #seed}. */
  public NetworkBuilder dropout(double rate) {
    new Dropout(rate, 0); // validates the rate now, where the mistake was made
    specs.add((dtype, random) -> new Dropout(rate, random.nextLong()));
    return this;
  }

  /**
   * Any layer, such as one whose weights were set by hand. The network holds a copy in its own
   * precision, made at {@link #build()}, so one builder can build several independent networks.
   *
   * @throws ShapeException if the layer cannot take the width of the layer before it, naming both
   */
  public NetworkBuilder add(Layer layer) {
    Objects.requireNonNull(layer, "layer");
    requireTakes(layer.inputSize(), layer.toString());
    produces(layer.outputSize(width), layer.inputSize(), layer.toString());
    specs.add((dtype, random) -> layer.copy(dtype));
    return this;
  }

  /**
   * A layer described by its registered type and settings, e.g. {@code LayerSpec.of("dense",
   * "units", 64)}, built at {@link #build()} from the next seeded stream, as the other methods'
   * layers are. A dense layer takes the builder's weight penalty and max-norm like {@link #dense}.
   *
   * @throws IllegalArgumentException naming the layer and the setting at fault, now
   */
  public NetworkBuilder layer(LayerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    LayerType type;
    int inputs = width;
    int gives;
    boolean trainable;
    try {
      type = spec.layerType();
      gives = type.outputSize(spec.config(), inputs);
      trainable =
          type.tensors(spec.config(), inputs, dtype).values().stream()
              .anyMatch(TensorSpec::trainable);
    } catch (IllegalArgumentException e) {
      throw Architecture.atLayer(specs.size(), spec, e);
    }
    if (type == Dense.TYPE) {
      regularise(ParameterName.text(specs.size(), "weights"));
    }
    // A layer without parameters that keeps the width is not where a width comes from.
    produces(gives, gives == inputs && !trainable ? Layer.ANY_SIZE : inputs, spec.toString());
    specs.add((dtype, random) -> type.create(spec.config(), inputs, dtype, random));
    return this;
  }

  private void regularise(String weightsName) {
    if (weightPenalty != null) {
      penalties.put(weightsName, weightPenalty);
    }
    if (maxNorm != null) {
      constraints.put(weightsName, maxNorm);
    }
  }

  private NetworkBuilder addDense(int units, boolean withBias) {
    if (units < 1) {
      throw new IllegalArgumentException(
          "layer " + specs.size() + ": a dense layer needs at least 1 unit, got " + units);
    }
    int inputs = width;
    Initializer weights = weightInitializer;
    Initializer bias = biasInitializer;
    String description = "Dense(" + inputs + " → " + units + ")";
    requireTakes(inputs, description);
    regularise(ParameterName.text(specs.size(), "weights"));
    produces(units, inputs, description);
    specs.add(
        (dtype, random) -> {
          Dense dense = new Dense(inputs, units, withBias, dtype);
          weights.initialize(dense.weights().value(), inputs, units, random);
          if (withBias) {
            bias.initialize(dense.bias().value(), inputs, units, random);
          }
          return dense;
        });
    return this;
  }

  private void requireTakes(int takes, String description) {
    if (takes != Layer.ANY_SIZE && takes != width) {
      throw new ShapeException(
          "layer "
              + specs.size()
              + " ("
              + description
              + ") takes "
              + takes
              + " inputs, but "
              + widthSource
              + " gives "
              + width
              + " outputs");
    }
  }

  /** Records the width a new layer gives; a pass-through layer leaves the source unchanged. */
  private void produces(int gives, int takes, String description) {
    if (takes != Layer.ANY_SIZE || gives != width) {
      width = gives;
      widthSource = "layer " + specs.size() + " (" + description + ")";
    }
  }

  /** The network, with every dense layer's parameters drawn now. */
  public Network build() {
    SplittableRandom root = new SplittableRandom(seed);
    List<Layer> layers = new ArrayList<>();
    for (LayerFactory spec : specs) {
      layers.add(spec.create(dtype, root.split()));
    }
    return new Network(inputSize, layers, dtype, penalties, constraints);
  }
}
