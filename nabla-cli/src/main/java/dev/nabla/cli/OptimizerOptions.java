package dev.nabla.cli;

import dev.nabla.optimizers.Adagrad;
import dev.nabla.optimizers.Adam;
import dev.nabla.optimizers.Optimizer;
import dev.nabla.optimizers.RmsProp;
import dev.nabla.optimizers.Sgd;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The optimizer options that train and explain share. */
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
      defaultValue = "0.9",
      description = "for momentum, nesterov and rmsprop (default: ${DEFAULT-VALUE})")
  double momentum;

  @Option(
      names = "--weight-decay",
      paramLabel = "LAMBDA",
      description = "L2 weight decay (decoupled for adamw)")
  Double weightDecay;

  /** A fresh optimizer with these settings; {@code fallback} names it if --optimizer is absent. */
  Optimizer create(String fallback) {
    String name = (optimizer != null ? optimizer : fallback).toLowerCase(Locale.ROOT);
    switch (name) {
      case "sgd", "momentum", "nesterov" -> {
        Sgd.Builder sgd = Sgd.builder(learningRate != null ? learningRate : 0.01);
        if (!name.equals("sgd")) {
          sgd.momentum(momentum).nesterov(name.equals("nesterov"));
        }
        if (weightDecay != null) {
          sgd.weightDecay(weightDecay);
        }
        return sgd.build();
      }
      case "rmsprop" -> {
        RmsProp.Builder rms = RmsProp.builder();
        if (learningRate != null) {
          rms.learningRate(learningRate);
        }
        if (weightDecay != null) {
          rms.weightDecay(weightDecay);
        }
        return rms.build();
      }
      case "adagrad" -> {
        Adagrad.Builder adagrad = Adagrad.builder();
        if (learningRate != null) {
          adagrad.learningRate(learningRate);
        }
        if (weightDecay != null) {
          adagrad.weightDecay(weightDecay);
        }
        return adagrad.build();
      }
      case "adam", "adamw" -> {
        Adam.Builder adam = name.equals("adam") ? Adam.builder() : Adam.adamW();
        if (learningRate != null) {
          adam.learningRate(learningRate);
        }
        if (weightDecay != null) {
          adam.weightDecay(weightDecay);
        }
        return adam.build();
      }
      default ->
          throw new IllegalArgumentException(
              "unknown optimizer '"
                  + optimizer
                  + "'; expected sgd, momentum, nesterov, rmsprop, adagrad, adam or adamw");
    }
  }
}
