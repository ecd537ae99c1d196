package dev.nabla.training;

import dev.nabla.losses.Loss;
import dev.nabla.losses.Reduction;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Optimizer;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mini-batch gradient descent. Each step is: zero the gradients, forward, the loss and its
 * gradient, backward, one optimizer step.
 *
 * <p><b>The epoch's loss</b> is the loss over the epoch's data with the loss's own reduction: with
 * {@code MEAN}, the mean of the batch losses weighted by batch size; with {@code SUM}, their total.
 * Each batch's loss is measured before that batch's update.
 *
 * <p><b>The target loss</b> is checked as soon as an epoch's loss is known, which is right after
 * the forward pass of its last batch, before that batch's update. In full-batch training the
 * epoch's loss is the exact training loss of the current weights, so training stops at the very
 * weights that reached the target, after {@code steps} updates — seed notebook 002's criterion.
 */
public final class Trainer {
  private Trainer() {}

  /** Trains without listening to events. */
  public static TrainingResult fit(
      Network network,
      Loss loss,
      Optimizer optimizer,
      Tensor inputs,
      Tensor targets,
      TrainingConfig config) {
    return fit(network, loss, optimizer, inputs, targets, config, TrainingListener.NONE);
  }

  /**
   * Trains {@code network} in place on {@code inputs → targets}, in training mode; the network's
   * mode is restored afterwards.
   *
   * @param inputs {@code [samples × network.inputSize()]}, not modified
   * @param targets {@code [samples × network.outputSize()]}, not modified
   * @throws ShapeException if the data do not fit the network or each other
   */
  public static TrainingResult fit(
      Network network,
      Loss loss,
      Optimizer optimizer,
      Tensor inputs,
      Tensor targets,
      TrainingConfig config,
      TrainingListener listener) {
    int samples = inputs.rows();
    checkData(network, inputs, targets);
    network.checkInput(inputs);
    int batchSize =
        config.batchSize() == TrainingConfig.FULL_BATCH
            ? samples
            : Math.min(config.batchSize(), samples);
    int batches = (samples + batchSize - 1) / batchSize;
    boolean wasTraining = network.isTraining();
    network.setTraining(true);
    try {
      return run(network, loss, optimizer, inputs, targets, config, listener, batchSize, batches);
    } finally {
      network.setTraining(wasTraining);
    }
  }

  private static TrainingResult run(
      Network network,
      Loss loss,
      Optimizer optimizer,
      Tensor inputs,
      Tensor targets,
      TrainingConfig config,
      TrainingListener listener,
      int batchSize,
      int batches) {
    int samples = inputs.rows();
    boolean meanReduction = loss.reduction() == Reduction.MEAN;
    SplittableRandom random = new SplittableRandom(config.seed());
    int[] order = new int[samples];
    for (int index = 0; index < samples; index++) {
      order[index] = index;
    }
    List<Double> history = new ArrayList<>();
    long steps = 0;
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      // One batch sees every sample whatever the order, so it is neither shuffled nor copied.
      if (config.shuffle() && batches > 1) {
        shuffle(order, random);
      }
      double epochLoss = 0;
      for (int batch = 0; batch < batches; batch++) {
        int from = batch * batchSize;
        int to = Math.min(from + batchSize, samples);
        Tensor x = batches == 1 ? inputs : inputs.gatherRows(order, from, to);
        Tensor y = batches == 1 ? targets : targets.gatherRows(order, from, to);

        network.zeroGradients();
        Tensor prediction = network.forward(x);
        double batchLoss = loss.value(prediction, y);
        epochLoss += meanReduction ? batchLoss * (to - from) / samples : batchLoss;

        boolean lastBatch = batch == batches - 1;
        if (lastBatch && config.hasTargetLoss() && epochLoss <= config.targetLoss()) {
          history.add(epochLoss);
          listener.onEpochEnd(new EpochEnd(epoch, epochLoss, steps));
          return new TrainingResult(
              StopReason.TARGET_LOSS_REACHED, epoch, steps, epochLoss, history);
        }
        network.backward(loss.gradient(prediction, y));
        optimizer.step(network.parameters());
        steps++;
      }
      history.add(epochLoss);
      listener.onEpochEnd(new EpochEnd(epoch, epochLoss, steps));
    }
    return new TrainingResult(
        StopReason.EPOCH_LIMIT, config.epochs(), steps, history.get(history.size() - 1), history);
  }

  private static void checkData(Network network, Tensor inputs, Tensor targets) {
    if (inputs.shape().rank() != 2 || targets.shape().rank() != 2) {
      throw new ShapeException(
          "training data must be batches [samples × features]: inputs "
              + inputs.shape()
              + ", targets "
              + targets.shape());
    }
    if (inputs.rows() != targets.rows()) {
      throw new ShapeException(
          "training data: "
              + inputs.rows()
              + " input rows but "
              + targets.rows()
              + " target rows; every sample needs one target row");
    }
    if (inputs.rows() == 0) {
      throw new IllegalArgumentException("training data is empty: no samples to train on");
    }
    if (targets.columns() != network.outputSize()) {
      throw ShapeException.expected(
          "training targets",
          "[" + targets.rows() + " × " + network.outputSize() + "] for the network's outputs",
          targets.shape());
    }
    int bad = targets.indexOfNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "training targets have "
              + targets.get(bad)
              + " at row "
              + bad / targets.columns()
              + ", column "
              + bad % targets.columns()
              + "; every target must be finite");
    }
  }

  /** Fisher–Yates: every order equally likely, drawn from {@code random}. */
  private static void shuffle(int[] order, SplittableRandom random) {
    for (int index = order.length - 1; index > 0; index--) {
      int other = random.nextInt(index + 1);
      int swap = order[index];
      order[index] = order[other];
      order[other] = swap;
    }
  }
}
