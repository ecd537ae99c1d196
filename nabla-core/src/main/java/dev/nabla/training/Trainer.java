package dev.nabla.training;

import dev.nabla.checkpoint.Checkpoint;
import dev.nabla.losses.Loss;
import dev.nabla.metrics.Metric;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Optimizer;
import dev.nabla.schedules.LearningRateSchedule;
import dev.nabla.schedules.Schedules;
import dev.nabla.tensor.Execution;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Mini-batch gradient descent with everything around it: schedules, validation, metrics, early
 * stopping, gradient clipping, divergence checks and events. A trainer is a reusable description of
 * how to train; each {@link #fit} or {@link #session} is a new run with a fresh optimizer and
 * schedule (built from the ones given, which are never stepped themselves), so the same trainer on
 * identically seeded networks gives identical weights, however often it is used.
 *
 * <p>A run is a {@link TrainingSession}; {@code fit} is {@code session(…).run()}. Each step reads:
 * zero the gradients; forward; the loss (plus weight penalties) and its gradient; backward; then
 * the update, in the order {@link TrainingSession} gives.
 *
 * <p><b>The epoch's loss</b> is the loss over the epoch's data with the loss's own reduction: with
 * {@code MEAN}, the mean of the batch losses weighted by batch size; with {@code SUM}, their total.
 * Each batch's loss is measured before that batch's update and includes the weight penalties.
 *
 * <p><b>The target loss</b> is checked as soon as an epoch's loss is known, which is right after
 * the forward pass of its last batch, before that batch's update. In full-batch training the
 * epoch's loss is the exact training loss of the current weights, so training stops at the very
 * weights that reached the target, after {@code steps} updates — seed notebook 002's criterion.
 *
 * <p><b>Reproducible and resumable.</b> Epoch e's shuffle is drawn from a stream seeded by {@code
 * (seed, e)}, dropout keeps its random state in its buffers, and a checkpoint holds everything else
 * that changes, so a run resumed from the checkpoint of epoch e ends with the same bits as one that
 * never stopped.
 */
public final class Trainer {
  private final Loss loss;
  private final Optimizer optimizer;
  private final TrainingConfig config;
  private final LearningRateSchedule schedule;
  private final List<Metric> metrics;
  private final List<TrainingListener> listeners;
  private final Execution execution;
  private final int shards;

  private Trainer(Builder builder) {
    this.loss = builder.loss;
    this.optimizer = builder.optimizer;
    this.config = builder.config;
    this.schedule = builder.schedule;
    this.metrics = List.copyOf(builder.metrics);
    this.listeners = List.copyOf(builder.listeners);
    this.execution = builder.execution;
    this.shards = builder.shards;
  }

  /** A trainer for this loss and optimizer; the rest is optional. */
  public static Builder builder(Loss loss, Optimizer optimizer) {
    return new Builder(loss, optimizer);
  }

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

  /** Trains {@code network} in place; see {@link #fit(Network, Tensor, Tensor)}. */
  public static TrainingResult fit(
      Network network,
      Loss loss,
      Optimizer optimizer,
      Tensor inputs,
      Tensor targets,
      TrainingConfig config,
      TrainingListener listener) {
    return builder(loss, optimizer)
        .config(config)
        .listener(listener)
        .build()
        .fit(network, inputs, targets);
  }

  /** The configuration every run of this trainer uses. */
  public TrainingConfig config() {
    return config;
  }

  /** The loss every run of this trainer minimises. */
  public Loss loss() {
    return loss;
  }

  /**
   * Trains {@code network} in place on {@code inputs → targets}, holding out {@code
   * validationSplit} of them for validation if the configuration asks, in training mode; the
   * network's mode is restored afterwards.
   *
   * @param inputs {@code [samples × network.inputSize()]}, not modified
   * @param targets {@code [samples × network.outputSize()]}, not modified
   * @throws ShapeException if the data do not fit the network or each other
   * @throws TrainingDivergedException if a loss or gradient turns NaN or infinite
   */
  public TrainingResult fit(Network network, Tensor inputs, Tensor targets) {
    return session(network, inputs, targets).run();
  }

  /** Trains, validating on a separate set after every epoch. */
  public TrainingResult fit(
      Network network,
      Tensor inputs,
      Tensor targets,
      Tensor validationInputs,
      Tensor validationTargets) {
    return session(network, inputs, targets, validationInputs, validationTargets).run();
  }

  /** A new run on this data, to drive one {@link TrainingSession#step()} at a time. */
  public TrainingSession session(Network network, Tensor inputs, Tensor targets) {
    return session(network, inputs, targets, null, null);
  }

  /**
   * A new run, validating on a separate set after every epoch (or on the configuration's validation
   * split of the training data, if no set is given).
   *
   * @throws ShapeException if the data do not fit the network or each other
   */
  public TrainingSession session(
      Network network,
      Tensor inputs,
      Tensor targets,
      Tensor validationInputs,
      Tensor validationTargets) {
    Optimizer fresh = optimizer.fresh();
    TrainingSession.Data data = data(network, inputs, targets, validationInputs, validationTargets);
    return newSession(
        network, fresh, schedule.fresh(), shards, data, new Run(network, fresh.learningRate()));
  }

  /**
   * A new run with no data of its own, for a driver or a replica of distributed training: it trains
   * only through {@link TrainingSession#gradient} and {@link TrainingSession#apply}, and {@link
   * TrainingSession#completeEpoch} ends each epoch; {@code step()} and {@code run()} refuse.
   */
  public TrainingSession session(Network network) {
    Optimizer fresh = optimizer.fresh();
    return newSession(
        network,
        fresh,
        schedule.fresh(),
        1,
        TrainingSession.Data.NONE,
        new Run(network, fresh.learningRate()));
  }

  /**
   * {@link #session(Network)}, continuing the run that wrote {@code checkpoint} as {@link #resume}
   * does.
   *
   * @throws IllegalArgumentException if the checkpoint does not fit the network
   */
  public TrainingSession resumeSession(Network network, Checkpoint checkpoint) {
    Optimizer fresh = optimizer.fresh();
    LearningRateSchedule freshSchedule = schedule.fresh();
    Run run = Run.restore(network, checkpoint, fresh, freshSchedule);
    return newSession(network, fresh, freshSchedule, 1, TrainingSession.Data.NONE, run);
  }

  /**
   * Continues the run that wrote {@code checkpoint}, as if it had never stopped: the network's
   * parameters and buffers, the optimizer's, schedule's and early stopping's state and the
   * histories all come from the checkpoint. Give the same data and configuration as the first run.
   *
   * @throws IllegalArgumentException if the checkpoint does not fit the network
   */
  public TrainingResult resume(
      Network network,
      Checkpoint checkpoint,
      Tensor inputs,
      Tensor targets,
      Tensor validationInputs,
      Tensor validationTargets) {
    return resumeSession(network, checkpoint, inputs, targets, validationInputs, validationTargets)
        .run();
  }

  /** The session {@link #resume} runs, to drive by hand. */
  public TrainingSession resumeSession(
      Network network,
      Checkpoint checkpoint,
      Tensor inputs,
      Tensor targets,
      Tensor validationInputs,
      Tensor validationTargets) {
    TrainingSession.Data data = data(network, inputs, targets, validationInputs, validationTargets);
    Optimizer fresh = optimizer.fresh();
    LearningRateSchedule freshSchedule = schedule.fresh();
    Run run = Run.restore(network, checkpoint, fresh, freshSchedule);
    return newSession(network, fresh, freshSchedule, shards, data, run);
  }

  /** A session with this trainer's loss, configuration, metrics, listeners and execution. */
  private TrainingSession newSession(
      Network network,
      Optimizer fresh,
      LearningRateSchedule freshSchedule,
      int shards,
      TrainingSession.Data data,
      Run run) {
    return new TrainingSession(
        network,
        loss,
        fresh,
        freshSchedule,
        config,
        metrics,
        listeners,
        execution,
        shards,
        data,
        run);
  }

  private TrainingSession.Data data(
      Network network,
      Tensor inputs,
      Tensor targets,
      Tensor validationInputs,
      Tensor validationTargets) {
    checkData(network, inputs, targets, "training");
    network.checkInput(inputs);
    if ((validationInputs == null) != (validationTargets == null)) {
      throw new IllegalArgumentException("give both validation inputs and targets, or neither");
    }
    int[] rows = null;
    if (validationInputs == null && config.validationSplit() > 0) {
      rows = config.splitOrder(inputs.rows());
      int kept = inputs.rows() - config.validationSamples(inputs.rows());
      validationInputs = inputs.gatherRows(rows, kept, rows.length);
      validationTargets = targets.gatherRows(rows, kept, rows.length);
      inputs = inputs.gatherRows(rows, 0, kept);
      targets = targets.gatherRows(rows, 0, kept);
      rows = java.util.Arrays.copyOf(rows, kept);
    }
    if (validationInputs != null) {
      checkData(network, validationInputs, validationTargets, "validation");
      network.checkInput(validationInputs);
    }
    return new TrainingSession.Data(inputs, targets, validationInputs, validationTargets, rows);
  }

  static void checkData(Network network, Tensor inputs, Tensor targets, String what) {
    if (inputs.shape().rank() != 2 || targets.shape().rank() != 2) {
      throw new ShapeException(
          what
              + " data must be batches [samples × features]: inputs "
              + inputs.shape()
              + ", targets "
              + targets.shape());
    }
    if (inputs.rows() != targets.rows()) {
      throw new ShapeException(
          what
              + " data: "
              + inputs.rows()
              + " input rows but "
              + targets.rows()
              + " target rows; every sample needs one target row");
    }
    if (inputs.rows() == 0) {
      throw new IllegalArgumentException(what + " data is empty: no samples");
    }
    if (targets.columns() != network.outputSize()) {
      throw ShapeException.expected(
          what + " targets",
          "[" + targets.rows() + " × " + network.outputSize() + "] for the network's outputs",
          targets.shape());
    }
    int bad = targets.indexOfNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException(
          what
              + " targets have "
              + targets.get(bad)
              + " at row "
              + bad / targets.columns()
              + ", column "
              + bad % targets.columns()
              + "; every target must be finite");
    }
  }

  /** Builds a {@link Trainer}. */
  public static final class Builder {
    private final Loss loss;
    private final Optimizer optimizer;
    private TrainingConfig config = TrainingConfig.builder().build();
    private LearningRateSchedule schedule = Schedules.constant();
    private List<Metric> metrics = List.of();
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Execution execution;
    private int shards;

    private Builder(Loss loss, Optimizer optimizer) {
      this.loss = Objects.requireNonNull(loss, "loss");
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    public Builder config(TrainingConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * The learning rate of each epoch, from the rate the optimizer was built with as the base; each
     * run uses a fresh copy of it.
     */
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    /** Metrics measured on the training data every epoch, and on the validation data if any. */
    public Builder metrics(Metric... metrics) {
      this.metrics = List.of(metrics);
      return this;
    }

    /** Adds a listener; listeners hear every event in the order they were added. */
    public Builder listener(TrainingListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * How the runs' arithmetic runs — matrix backend and threads — instead of the process's
     * default; a network's own {@link Network#setExecution} still wins for its passes.
     */
    public Builder execution(Execution execution) {
      this.execution = execution;
      return this;
    }

    /**
     * How many shards each training step is split into, each run by a replica of the network on a
     * core of its own ({@link Sharding}): 0, the default, chooses by the step's cost; 1 runs every
     * step on one thread; n splits each batch into n shards (at most its rows). The shards' sum
     * differs from a one-thread step only in its rounding, and for a given n a seed gives the same
     * weights on every run.
     *
     * @throws IllegalArgumentException if {@code shards} is negative
     */
    public Builder shards(int shards) {
      if (shards < 0) {
        throw new IllegalArgumentException(
            "shards must be 0 (chosen by cost), 1 (one thread) or more, got " + shards);
      }
      this.shards = shards;
      return this;
    }

    public Trainer build() {
      return new Trainer(this);
    }
  }
}
