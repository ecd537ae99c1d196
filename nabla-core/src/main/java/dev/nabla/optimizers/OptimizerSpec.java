package dev.nabla.optimizers;

import dev.nabla.config.Config;
import dev.nabla.config.Suggestions;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An optimizer described, not built: its type and hyper-parameters under the Java names ({@code
 * learningRate}, {@code beta1}, {@code weightDecay}…). Settings not given take PyTorch's defaults,
 * except SGD's {@code learningRate}, which PyTorch requires and which defaults to 0.01 here.
 *
 * <ul>
 *   <li>{@code sgd}: learningRate, momentum, dampening, nesterov, weightDecay;
 *   <li>{@code rmsprop}: learningRate, alpha, epsilon, weightDecay, momentum, centered;
 *   <li>{@code adagrad}: learningRate, learningRateDecay, weightDecay, initialAccumulatorValue,
 *       epsilon;
 *   <li>{@code adam}, {@code adamw}: learningRate, beta1, beta2, epsilon, weightDecay, amsgrad.
 * </ul>
 */
public record OptimizerSpec(String type, Config config) {
  /** The types {@link #create()} builds. */
  public static final List<String> TYPES = List.of("sgd", "rmsprop", "adagrad", "adam", "adamw");

  /**
   * @throws IllegalArgumentException naming an unknown type, or the setting at fault
   */
  public OptimizerSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(config, "config");
    type = type.toLowerCase(Locale.ROOT);
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "unknown optimizer '"
              + type
              + "'"
              + Suggestions.didYouMean(type, TYPES)
              + "; the optimizers are "
              + String.join(", ", TYPES));
    }
    try {
      config.requireOnly(settings(type));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("optimizer " + type + ": " + e.getMessage(), e);
    }
  }

  /** {@code OptimizerSpec.of("adam", "learningRate", 0.01)}. */
  public static OptimizerSpec of(String type, Object... namesAndValues) {
    return new OptimizerSpec(type, Config.of(namesAndValues));
  }

  /** The settings a type reads. */
  public static List<String> settings(String type) {
    return switch (type) {
      case "sgd" -> List.of("learningRate", "momentum", "dampening", "nesterov", "weightDecay");
      case "rmsprop" ->
          List.of("learningRate", "alpha", "epsilon", "weightDecay", "momentum", "centered");
      case "adagrad" ->
          List.of(
              "learningRate",
              "learningRateDecay",
              "weightDecay",
              "initialAccumulatorValue",
              "epsilon");
      default -> List.of("learningRate", "beta1", "beta2", "epsilon", "weightDecay", "amsgrad");
    };
  }

  /** A copy with one setting changed, e.g. the learning rate a command line gives. */
  public OptimizerSpec with(String name, Object value) {
    return new OptimizerSpec(type, config.with(name, value));
  }

  /**
   * A new optimizer with these settings and no state.
   *
   * @throws IllegalArgumentException naming the setting whose value is out of range
   */
  public Optimizer create() {
    try {
      return build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("optimizer " + type + ": " + e.getMessage(), e);
    }
  }

  private Optimizer build() {
    switch (type) {
      case "sgd":
        return Sgd.builder(config.number("learningRate", 0.01))
            .momentum(config.number("momentum", 0))
            .dampening(config.number("dampening", 0))
            .nesterov(config.bool("nesterov", false))
            .weightDecay(config.number("weightDecay", 0))
            .build();
      case "rmsprop":
        {
          RmsProp.Builder rms = RmsProp.builder();
          if (config.has("learningRate")) {
            rms.learningRate(config.number("learningRate"));
          }
          if (config.has("alpha")) {
            rms.alpha(config.number("alpha"));
          }
          if (config.has("epsilon")) {
            rms.epsilon(config.number("epsilon"));
          }
          return rms.weightDecay(config.number("weightDecay", 0))
              .momentum(config.number("momentum", 0))
              .centered(config.bool("centered", false))
              .build();
        }
      case "adagrad":
        {
          Adagrad.Builder adagrad = Adagrad.builder();
          if (config.has("learningRate")) {
            adagrad.learningRate(config.number("learningRate"));
          }
          if (config.has("epsilon")) {
            adagrad.epsilon(config.number("epsilon"));
          }
          return adagrad
              .learningRateDecay(config.number("learningRateDecay", 0))
              .weightDecay(config.number("weightDecay", 0))
              .initialAccumulatorValue(config.number("initialAccumulatorValue", 0))
              .build();
        }
      default:
        {
          Adam.Builder adam = type.equals("adamw") ? Adam.adamW() : Adam.builder();
          if (config.has("learningRate")) {
            adam.learningRate(config.number("learningRate"));
          }
          if (config.has("beta1") || config.has("beta2")) {
            adam.betas(config.number("beta1", 0.9), config.number("beta2", 0.999));
          }
          if (config.has("epsilon")) {
            adam.epsilon(config.number("epsilon"));
          }
          if (config.has("weightDecay")) {
            adam.weightDecay(config.number("weightDecay"));
          }
          return adam.amsgrad(config.bool("amsgrad", false)).build();
        }
    }
  }

  /**
   * The optimizer a command line names: a type from {@link #TYPES}, or {@code momentum} (SGD with
   * momentum 0.9) or {@code nesterov} (SGD with Nesterov momentum 0.9), as in {@code --optimizer}.
   *
   * @throws IllegalArgumentException naming the text and listing the names
   */
  public static OptimizerSpec parse(String name) {
    String lower = name.trim().toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "momentum" -> of("sgd", "momentum", 0.9);
      case "nesterov" -> of("sgd", "momentum", 0.9, "nesterov", true);
      default -> {
        if (!TYPES.contains(lower)) {
          throw new IllegalArgumentException(
              "unknown optimizer '"
                  + name
                  + "'"
                  + Suggestions.didYouMean(
                      lower,
                      List.of("sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adam", "adamw"))
                  + "; expected sgd, momentum, nesterov, rmsprop, adagrad, adam or adamw");
        }
        yield new OptimizerSpec(lower, Config.empty());
      }
    };
  }

  /** {@code adam(learningRate=0.001, beta1=0.9, …)}. */
  @Override
  public String toString() {
    return config.isEmpty() ? type : type + "(" + config + ")";
  }
}
