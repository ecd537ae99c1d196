package dev.nabla.recipe;

import dev.nabla.layers.LayerSpec;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Losses;
import dev.nabla.metrics.Metric;
import dev.nabla.network.Architecture;
import dev.nabla.network.Network;
import dev.nabla.network.NetworkBuilder;
import dev.nabla.optimizers.OptimizerSpec;
import dev.nabla.schedules.ScheduleSpec;
import dev.nabla.tensor.DType;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingConfig;
import java.util.List;
import java.util.Objects;

/**
 * Everything that determines a training run, as an immutable value validated on construction: the
 * same recipe on the same data gives the same weights, bit for bit, in one process or in several.
 *
 * <pre>
 * Recipe recipe = RecipeJson.read(Path.of("run.json"));   // nabla-io
 * Network network = recipe.network(inputs.columns());
 * TrainingResult result = recipe.trainer().fit(network, inputs, targets);
 * </pre>
 *
 * @param layers every layer, the output layer included; the input width comes from the data
 * @param dtype the precision of the parameters and the arithmetic
 * @param loss the loss's name, as {@link Losses#parse} reads it
 * @param optimizer the optimizer and its hyper-parameters
 * @param schedule the learning rate of each epoch
 * @param regularization penalties and constraints on the dense layers' weights
 * @param training epochs, batch size, seed (of the weights, shuffles and splits alike), validation
 *     split, clipping and stopping rules
 * @param preprocessing the test split and the feature scaling, which the command line applies
 */
public record Recipe(
    List<LayerSpec> layers,
    DType dtype,
    String loss,
    OptimizerSpec optimizer,
    ScheduleSpec schedule,
    Regularization regularization,
    TrainingConfig training,
    Preprocessing preprocessing) {
  /**
   * @throws IllegalArgumentException naming the part and the value at fault
   */
  public Recipe {
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException(
          "a recipe needs at least one layer: the output layer, e.g. a dense layer with a unit per"
              + " class");
    }
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(regularization, "regularization");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(preprocessing, "preprocessing");
    Losses.parse(Objects.requireNonNull(loss, "loss"));
    // Each layer's settings, checked on a one-feature input; the widths are checked against the
    // data's when the network is built.
    new Architecture(1, dtype, layers);
    optimizer.create();
    schedule.create(training.epochs());
    checkLossFitsOutput(loss, layers.get(layers.size() - 1));
  }

  /**
   * A loss on logits after a softmax or sigmoid applies it twice, and a loss on probabilities after
   * a linear layer takes logs of numbers that are no probabilities: both train without an error to
   * a useless model, so neither is a recipe.
   */
  private static void checkLossFitsOutput(String loss, LayerSpec last) {
    String activation =
        last.type().equals("activation") ? last.config().text("activation", "") : "";
    String name = Losses.name(Losses.parse(loss));
    switch (name) {
      case "softmax_cross_entropy", "binary_cross_entropy_with_logits" -> {
        if (activation.equals("softmax") || activation.equals("sigmoid")) {
          throw new IllegalArgumentException(
              name
                  + " takes logits and applies "
                  + (name.startsWith("softmax") ? "softmax" : "the sigmoid")
                  + " itself, but the last layer is a "
                  + activation
                  + ": remove it, or use "
                  + (activation.equals("softmax")
                      ? "categorical_cross_entropy"
                      : "binary_cross_entropy"));
        }
      }
      case "categorical_cross_entropy" -> {
        if (!activation.equals("softmax")) {
          throw new IllegalArgumentException(
              "categorical_cross_entropy takes probabilities, but the last layer is no softmax:"
                  + " end the layers with a softmax activation, or use softmax_cross_entropy");
        }
      }
      case "binary_cross_entropy" -> {
        if (!activation.equals("sigmoid")) {
          throw new IllegalArgumentException(
              "binary_cross_entropy takes probabilities, but the last layer is no sigmoid: end"
                  + " the layers with a sigmoid activation, or use"
                  + " binary_cross_entropy_with_logits");
        }
      }
      default -> {
        // Losses on values take any output.
      }
    }
  }

  /**
   * A builder with the command line's defaults: float32, Adam with PyTorch's settings, a constant
   * rate, no regularisation, 10 epochs of batches of 32, seed 1, 10% held out for validation,
   * standard scaling, no test split.
   */
  public static Builder builder(List<LayerSpec> layers, String loss) {
    return new Builder(layers, loss);
  }

  /** A builder starting from this recipe, to change part of it. */
  public Builder toBuilder() {
    return new Builder(layers, loss)
        .dtype(dtype)
        .optimizer(optimizer)
        .schedule(schedule)
        .regularization(regularization)
        .training(training)
        .preprocessing(preprocessing);
  }

  /** The architecture for {@code inputSize} features, its widths checked. */
  public Architecture architecture(int inputSize) {
    return new Architecture(inputSize, dtype, layers);
  }

  /** The width of the output for {@code inputSize} features. */
  public int outputSize(int inputSize) {
    return architecture(inputSize).outputSize();
  }

  /**
   * A new network for {@code inputSize} features, its initial weights drawn from the training seed,
   * with the regularisation on every dense layer.
   *
   * @throws IllegalArgumentException if the layers do not fit that width
   */
  public Network network(int inputSize) {
    architecture(inputSize);
    NetworkBuilder builder =
        Network.builder(inputSize)
            .dtype(dtype)
            .seed(training.seed())
            .weightPenalty(regularization.penalty())
            .maxNorm(regularization.constraint());
    for (LayerSpec layer : layers) {
      builder.layer(layer);
    }
    return builder.build();
  }

  /** The loss. */
  public Loss lossFunction() {
    return Losses.parse(loss);
  }

  /** A trainer for this recipe, measuring {@code metrics} every epoch. */
  public Trainer trainer(Metric... metrics) {
    return trainerBuilder(metrics).build();
  }

  /** A trainer builder for this recipe, to add listeners. */
  public Trainer.Builder trainerBuilder(Metric... metrics) {
    return Trainer.builder(lossFunction(), optimizer.create())
        .config(training)
        .schedule(schedule.create(training.epochs()))
        .metrics(metrics);
  }

  /** Builds a {@link Recipe}; validation happens in {@link #build()}. */
  public static final class Builder {
    private List<LayerSpec> layers;
    private String loss;
    private DType dtype = DType.FLOAT32;
    private OptimizerSpec optimizer = OptimizerSpec.parse("adam");
    private ScheduleSpec schedule = ScheduleSpec.constant();
    private Regularization regularization = Regularization.NONE;
    private TrainingConfig training =
        TrainingConfig.builder().epochs(10).batchSize(32).seed(1).validationSplit(0.1).build();
    private Preprocessing preprocessing = Preprocessing.DEFAULT;

    private Builder(List<LayerSpec> layers, String loss) {
      this.layers = List.copyOf(layers);
      this.loss = loss;
    }

    public Builder layers(List<LayerSpec> layers) {
      this.layers = List.copyOf(layers);
      return this;
    }

    public Builder loss(String loss) {
      this.loss = loss;
      return this;
    }

    public Builder dtype(DType dtype) {
      this.dtype = dtype;
      return this;
    }

    public Builder optimizer(OptimizerSpec optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    public Builder schedule(ScheduleSpec schedule) {
      this.schedule = schedule;
      return this;
    }

    public Builder regularization(Regularization regularization) {
      this.regularization = regularization;
      return this;
    }

    public Builder training(TrainingConfig training) {
      this.training = training;
      return this;
    }

    public Builder preprocessing(Preprocessing preprocessing) {
      this.preprocessing = preprocessing;
      return this;
    }

    public Recipe build() {
      return new Recipe(
          layers, dtype, loss, optimizer, schedule, regularization, training, preprocessing);
    }
  }
}
