package dev.nabla.cli;

import dev.nabla.optimizers.Optimizer;
import dev.nabla.optimizers.OptimizerSpec;
import picocli.CommandLine.Option;

/** The optimizer options that train and explain share, mapped to an {@link OptimizerSpec}. */
final class OptimizerOptions {
  @Option(
      names = "--optimizer",
      paramLabel = "NAME",
      description =
          "sgd, momentum, nesterov, rmsprop, adagrad, adam or adamw (default: adam for train, sgd"
              + " for explain)")
  String optimizer;

  @Option(
      names = "--lr",
      paramLabel = "RATE",
      description = "learning rate (default: the optimizer's, 0.01 for SGD)")
  Double learningRate;

  @Option(
      names = "--momentum",
      paramLabel = "MU",
      description =
          "for sgd, momentum, nesterov and rmsprop (default: 0.9 for momentum and nesterov, 0 for"
              + " sgd and rmsprop)")
  Double momentum;

  @Option(
      names = "--weight-decay",
      paramLabel = "LAMBDA",
      description = "L2 weight decay, decoupled for adamw (default: 0, and 0.01 for adamw)")
  Double weightDecay;

  /** Whether any of these options was given. */
  boolean given() {
    return optimizer != null || learningRate != null || momentum != null || weightDecay != null;
  }

  /**
   * The optimizer these options describe; {@code fallback} names it if --optimizer is absent.
   *
   * @throws IllegalArgumentException for an unknown name, or --momentum with an optimizer that has
   *     none
   */
  OptimizerSpec spec(String fallback) {
    return over(OptimizerSpec.parse(optimizer != null ? optimizer : fallback));
  }

  /** {@code base} with whatever these options set; --optimizer replaces it whole. */
  OptimizerSpec over(OptimizerSpec base) {
    requireFinite("--lr", learningRate);
    requireFinite("--momentum", momentum);
    requireFinite("--weight-decay", weightDecay);
    OptimizerSpec spec = optimizer != null ? OptimizerSpec.parse(optimizer) : base;
    if (learningRate != null) {
      spec = spec.with("learningRate", learningRate);
    }
    if (momentum != null) {
      if (!spec.type().equals("sgd") && !spec.type().equals("rmsprop")) {
        throw new IllegalArgumentException(
            "--momentum applies to sgd, momentum, nesterov and rmsprop, not " + spec.type());
      }
      spec = spec.with("momentum", momentum);
    }
    if (weightDecay != null) {
      spec = spec.with("weightDecay", weightDecay);
    }
    spec.create(); // checks the values now, naming the setting at fault
    return spec;
  }

  private static void requireFinite(String option, Double value) {
    if (value != null && !(value >= 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(option + " must be a finite number ≥ 0, got " + value);
    }
  }

  /** A fresh optimizer with these settings; {@code fallback} names it if --optimizer is absent. */
  Optimizer create(String fallback) {
    return spec(fallback).create();
  }
}
