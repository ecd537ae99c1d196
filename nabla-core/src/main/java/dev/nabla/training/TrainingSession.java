package dev.nabla.training;

import dev.nabla.checkpoint.Checkpoint;
import dev.nabla.layers.Parameter;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Reduction;
import dev.nabla.metrics.Metric;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Optimizer;
import dev.nabla.schedules.LearningRateSchedule;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Execution;
import dev.nabla.tensor.MatrixBackends;
import dev.nabla.tensor.Tensor;
import dev.nabla.tracing.Trace;
import dev.nabla.tracing.Tracer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training run, driven a step at a time: {@link #step()} trains on the next batch, and at the
 * end of each epoch measures the metrics and validation, tells the listeners and checks the
 * stopping rules; {@link #run()} steps until the run is over, which is all {@link Trainer#fit}
 * does. A session starts from a fresh optimizer and schedule, so runs never leak into each other.
 *
 * <p>For data-parallel training it also offers the two halves of a step: {@link #gradient} of a
 * batch, a value that adds up across shards, and {@link #apply} of a summed gradient; and {@link
 * #completeEpoch}, which closes an epoch whose steps were applied so. A session made by {@link
 * Trainer#session(Network)} has no data of its own and trains only that way: it is what a driver or
 * a replica of distributed training holds.
 *
 * <p><b>The order of an update</b>, in {@link #step()} and {@link #apply} alike: the weight
 * penalties' gradients are added; every gradient is checked to be finite; gradients are clipped by
 * value, then by global norm; the optimizer steps; the max-norm constraints are applied.
 *
 * <p>Its arithmetic runs with the trainer's {@link Execution}, if it has one.
 *
 * <p>The network is in training mode from the session's creation until {@link #result()}, which
 * restores its mode (and, with early stopping that asks for it, its best weights). A session is not
 * thread-safe.
 */
public final class TrainingSession {
  private final Network network;
  private final Loss loss;
  private final Optimizer optimizer;
  private final LearningRateSchedule schedule;
  private final TrainingConfig config;
  private final List<Metric> metrics;
  private final List<TrainingListener> listeners;
  private final Execution execution;

  /** The shards asked for: 0 chooses by cost. */
  private final int shards;

  private final Tensor inputs;
  private final Tensor targets;
  private final Tensor validationInputs;
  private final Tensor validationTargets;
  private final int[] rows;
  private final Run run;
  private final Monitor monitor;
  private final boolean wasTraining;

  private final EpochBatches batches;
  private final Update update;
  private final boolean meanReduction;

  /** Null when steps run on one thread; chosen at the first step. */
  private ShardedStep sharded;

  private boolean shardingChosen;

  // The epoch in progress: 0 between epochs.
  private int epoch;
  private int nextBatch;
  private double rate;
  private double epochLoss;
  private Tensor epochPredictions;
  private Tensor epochTargets;
  private long started;
  private boolean targetReached;

  private StopReason stopReason;
  private TrainingResult result;

  TrainingSession(
      Network network,
      Loss loss,
      Optimizer optimizer,
      LearningRateSchedule schedule,
      TrainingConfig config,
      List<Metric> metrics,
      List<TrainingListener> listeners,
      Execution execution,
      int shards,
      Data data,
      Run run) {
    this.network = network;
    this.loss = loss;
    this.optimizer = optimizer;
    this.schedule = schedule;
    this.config = config;
    this.metrics = metrics;
    this.listeners = listeners;
    this.execution = execution;
    this.shards = shards;
    this.inputs = data.inputs;
    this.targets = data.targets;
    this.validationInputs = data.validationInputs;
    this.validationTargets = data.validationTargets;
    this.rows = data.rows;
    this.run = run;
    this.monitor = Monitor.of(config, metrics, validationInputs != null);
    this.batches = inputs == null ? null : new EpochBatches(inputs, targets, config);
    this.update = new Update(network, optimizer, config);
    this.meanReduction = loss.reduction() == Reduction.MEAN;
    this.wasTraining = network.isTraining();
    network.setTraining(true);
    if (run.epoch >= config.epochs()) {
      stopReason = StopReason.EPOCH_LIMIT;
    }
  }

  /**
   * The training and validation data of a session, checked, the validation split made; {@code
   * rows[i]} is the caller's row that training row i came from (null when no split moved them).
   */
  record Data(
      Tensor inputs,
      Tensor targets,
      Tensor validationInputs,
      Tensor validationTargets,
      int[] rows) {
    /** No data: a session that trains by {@link #gradient} and {@link #apply} alone. */
    static final Data NONE = new Data(null, null, null, null, null);
  }

  /**
   * Trains on the next batch: one forward and backward pass and one update.
   *
   * @throws IllegalStateException if the run is over
   * @throws TrainingDivergedException if the loss or a gradient is not finite
   */
  public StepResult step() {
    return step(false);
  }

  /**
   * {@link #step()}, with every value of the step's forward and backward pass in the result if
   * {@code trace} is true. A traced step runs each layer by value, so it is slower, but it changes
   * the weights as an untraced one does.
   */
  public StepResult step(boolean trace) {
    Execution previous = MatrixBackends.enter(execution);
    try {
      return stepWithin(trace);
    } finally {
      MatrixBackends.exit(previous);
    }
  }

  private StepResult stepWithin(boolean trace) {
    requireRunning();
    requireData();
    if (nextBatch == 0) {
      beginEpoch();
    }
    int index = nextBatch;
    int[] indices = batches.indices(index);
    if (rows != null) {
      for (int at = 0; at < indices.length; at++) {
        indices[at] = rows[indices[at]];
      }
    }
    long stepsBefore = run.steps;
    Trace[] traced = trace ? new Trace[1] : null;
    double batchLoss = trainBatch(traced);
    EpochEnd ended = nextBatch == batches.batches || targetReached ? endEpoch() : null;
    return new StepResult(
        epoch == 0 ? run.epoch : epoch,
        index + 1,
        batches.batches,
        batchLoss,
        indices,
        run.steps > stepsBefore,
        trace ? traced[0] : null,
        ended);
  }

  /**
   * Steps until the run is over (the epoch limit, the target loss or early stopping), then returns
   * {@link #result()}.
   */
  public TrainingResult run() {
    requireData();
    Execution previous = MatrixBackends.enter(execution);
    try {
      while (!isFinished()) {
        if (nextBatch == 0) {
          beginEpoch();
        }
        trainRestOfEpoch();
        endEpoch();
      }
    } finally {
      MatrixBackends.exit(previous);
      if (!isFinished()) {
        network.setTraining(wasTraining);
      }
    }
    return result();
  }

  /**
   * The epoch's remaining batches. They run in a method of their own, apart from the epoch's
   * bookkeeping: the JIT compiles a method's hot loop together with everything the loop's body
   * inlines, and with metrics, validation and checkpoints in the same loop that compile kept one of
   * this two-core machine's cores busy for 0.7 s, so every run's third epoch trained at two-thirds
   * speed.
   */
  private void trainRestOfEpoch() {
    while (nextBatch < batches.batches && !targetReached) {
      trainBatch(null);
    }
  }

  /** Whether the run is over; then {@link #result()} says how it ended. */
  public boolean isFinished() {
    return stopReason != null;
  }

  /**
   * How the run ended. The first call restores the network's mode, and its best weights if early
   * stopping asks for them.
   *
   * @throws IllegalStateException if the run is not over
   */
  public TrainingResult result() {
    if (stopReason == null) {
      throw new IllegalStateException(
          "the run is not over: call step() until isFinished(), or run()");
    }
    if (result == null) {
      result =
          run.result(
              stopReason,
              config.earlyStopping() != null && config.earlyStopping().restoreBestWeights());
      network.setTraining(wasTraining);
    }
    return result;
  }

  /** The network being trained; its weights change with every step. */
  public Network network() {
    return network;
  }

  /** Epochs completed. */
  public int epochsCompleted() {
    return run.epoch;
  }

  /** Optimizer steps taken, by {@link #step()} and {@link #apply} together. */
  public long steps() {
    return run.steps;
  }

  /**
   * The shards each untraced step is split into (see {@link Trainer.Builder#shards}): 1 when steps
   * run on one thread, 0 before the first step, when the choice is made.
   */
  public int shards() {
    return !shardingChosen ? 0 : sharded == null ? 1 : sharded.replicas();
  }

  /** The learning rate the optimizer uses now. */
  public double learningRate() {
    return optimizer.learningRate();
  }

  /**
   * Everything that changes in the run, as a value: with it, {@link Trainer#resume} continues as if
   * the run had never stopped.
   *
   * @throws IllegalStateException in the middle of an epoch: a checkpoint is taken between epochs
   */
  public Checkpoint checkpoint() {
    if (nextBatch != 0) {
      throw new IllegalStateException(
          "a checkpoint is taken between epochs; this session is at batch "
              + nextBatch
              + " of "
              + batches.batches
              + " in epoch "
              + epoch);
    }
    return run.checkpoint(optimizer, schedule);
  }

  /**
   * The gradient of the loss over a batch at the current weights, without updating them: one
   * replica's share of a data-parallel step. The network runs in training mode, so dropout draws
   * its masks and batch normalisation uses, and updates the running statistics from, this batch;
   * its gradient buffers are overwritten.
   *
   * <p>The shards' sum equals the whole batch's gradient (to rounding) when every layer treats
   * samples independently. Batch normalisation does not: each shard is normalised by its own
   * statistics, as PyTorch's data-parallel training does by default. Dropout draws its masks per
   * call, so sharded and whole-batch steps drop different elements.
   *
   * @param inputs {@code [samples × network.inputSize()]}, finite, not modified
   * @param targets {@code [samples × network.outputSize()]}, finite, not modified
   */
  public BatchGradient gradient(Tensor inputs, Tensor targets) {
    return gradient(inputs, targets, null);
  }

  /**
   * {@link #gradient(Tensor, Tensor)}, also copying the forward pass's outputs into {@code
   * predictions}: what the epoch's training metrics measure, as {@link #step()} collects them, so
   * that a driver of data-parallel training can report the same metrics without a second pass.
   *
   * @param predictions {@code [samples × network.outputSize()]} in the network's precision, or null
   * @throws IllegalArgumentException if {@code predictions} has another shape or precision
   */
  public BatchGradient gradient(Tensor inputs, Tensor targets, Tensor predictions) {
    if (predictions != null
        && (predictions.dtype() != network.dtype()
            || predictions.shape().rank() != 2
            || predictions.rows() != inputs.rows()
            || predictions.columns() != network.outputSize())) {
      throw new IllegalArgumentException(
          "predictions must be ["
              + inputs.rows()
              + " × "
              + network.outputSize()
              + "] in "
              + network.dtype()
              + ", got "
              + predictions.shape()
              + " in "
              + predictions.dtype());
    }
    Execution previous = MatrixBackends.enter(execution);
    try {
      return gradientWithin(inputs, targets, predictions);
    } finally {
      MatrixBackends.exit(previous);
    }
  }

  private BatchGradient gradientWithin(Tensor inputs, Tensor targets, Tensor predictions) {
    Trainer.checkData(network, inputs, targets, "batch");
    network.checkInput(inputs);
    network.zeroGradients();
    Tensor prediction = network.forwardShared(inputs);
    if (predictions != null) {
      prediction.copyRows(0, predictions, 0, inputs.rows());
    }
    double value = loss.value(prediction, targets);
    Tensor gradient =
        batches != null
            ? batches.gradient(prediction)
            : Tensor.zeros(prediction.dtype(), prediction.shape());
    loss.gradient(prediction, targets, gradient);
    network.backwardParameters(gradient);
    int count = inputs.rows();
    double toSum = meanReduction ? count : 1;
    Map<String, Tensor> sums = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> entry : update.parameters()) {
      Tensor sum = entry.getValue().gradient().copy();
      if (meanReduction) {
        sum.scaleInPlace(toSum);
      }
      sums.put(entry.getKey(), sum);
    }
    return new BatchGradient(sums, count, value * toSum, loss.reduction());
  }

  /**
   * One update from a gradient, typically the sum of the shards' {@link #gradient}s: each
   * parameter's gradient becomes {@code gradient.gradient(name)}, then the update runs in the order
   * the class describes. It counts as a step but does not move through the epoch's batches.
   *
   * @throws IllegalArgumentException if it holds other parameters than the network's
   * @throws TrainingDivergedException if a gradient is not finite
   */
  public void apply(BatchGradient gradient) {
    requireRunning();
    Execution previous = MatrixBackends.enter(execution);
    try {
      applyWithin(gradient);
    } finally {
      MatrixBackends.exit(previous);
    }
  }

  private void applyWithin(BatchGradient gradient) {
    if (!gradient.sums().keySet().equals(network.parameters().keySet())) {
      throw new IllegalArgumentException(
          "the gradient holds "
              + gradient.sums().keySet()
              + " but the network has "
              + network.parameters().keySet());
    }
    if (gradient.reduction() != loss.reduction()) {
      throw new IllegalArgumentException(
          "the gradient was taken with reduction "
              + gradient.reduction()
              + " but this session's loss uses "
              + loss.reduction());
    }
    for (Map.Entry<String, Parameter> entry : update.parameters()) {
      entry.getValue().gradient().copyFrom(gradient.gradient(entry.getKey()));
    }
    // The rate of the epoch the session is in (the next one between epochs), as step() uses.
    int current = epoch != 0 ? epoch : run.epoch + 1;
    if (epoch == 0) {
      optimizer.setLearningRate(schedule.learningRate(current - 1, run.baseRate));
    }
    update.apply(current, nextBatch);
    run.steps++;
  }

  /**
   * Closes an epoch whose steps were taken by {@link #apply}, with the loss and metrics the caller
   * measured over it (a driver sums them from its replicas): the histories record them, the
   * schedule moves to the next epoch, the listeners hear an {@link EpochEnd}, and the stopping
   * rules (epoch limit, target loss, early stopping on {@code loss} or a metric given here) decide
   * whether the run is over.
   *
   * @param loss the epoch's training loss with the loss's reduction, as {@link Trainer} defines it
   * @param metrics by name, as {@link EpochEnd#metrics()} holds them; copied
   * @param samples the samples the epoch trained on, for the throughput
   * @param startedNanos {@link System#nanoTime()} when the epoch began, for the throughput
   * @return the event the listeners heard
   * @throws IllegalStateException if the run is over, or the session is inside an epoch of {@link
   *     #step()}
   * @throws IllegalArgumentException if early stopping watches a metric {@code metrics} lacks
   */
  public EpochEnd completeEpoch(
      double loss, Map<String, Double> metrics, long samples, long startedNanos) {
    requireRunning();
    if (nextBatch != 0) {
      throw new IllegalStateException(
          "epoch " + epoch + " is being trained by step(); it ends with its last batch");
    }
    if (monitor != null
        && !monitor.settings().monitor().equals("loss")
        && !metrics.containsKey(monitor.settings().monitor())) {
      throw new IllegalArgumentException(
          "early stopping monitors '"
              + monitor.settings().monitor()
              + "' but the epoch's metrics are only "
              + metrics.keySet());
    }
    epoch = run.epoch + 1;
    rate = optimizer.learningRate();
    targetReached = config.hasTargetLoss() && loss <= config.targetLoss();
    long elapsed = Math.max(1, System.nanoTime() - startedNanos);
    return closeEpoch(loss, new LinkedHashMap<>(metrics), samples * 1e9 / elapsed);
  }

  private void requireData() {
    if (batches == null) {
      throw new IllegalStateException(
          "this session has no data of its own: it trains through gradient() and apply(), and"
              + " completeEpoch() ends each epoch");
    }
  }

  private void requireRunning() {
    if (stopReason != null) {
      throw new IllegalStateException(
          "the run is over ("
              + stopReason
              + " after "
              + run.epoch
              + " epochs); start a new session to train again");
    }
  }

  private void beginEpoch() {
    epoch = run.epoch + 1;
    rate = schedule.learningRate(epoch - 1, run.baseRate);
    optimizer.setLearningRate(rate);
    batches.order(epoch, config);
    epochPredictions =
        metrics.isEmpty() ? null : Tensor.zeros(inputs.dtype(), batches.used, network.outputSize());
    epochTargets =
        metrics.isEmpty() ? null : Tensor.zeros(DType.FLOAT64, batches.used, targets.columns());
    epochLoss = 0;
    targetReached = false;
    started = System.nanoTime();
  }

  /**
   * Forward, loss, backward and update on the next batch; returns the batch's loss. With {@code
   * traced}, the pass runs by value through {@link Tracer} and its trace is stored there.
   */
  private double trainBatch(Trace[] traced) {
    int index = nextBatch;
    int from = batches.from(index);
    int to = batches.to(index);
    Tensor prediction = null;
    Tensor y = null;
    double batchLoss;
    ShardedStep shards = traced == null ? sharded() : null;
    if (shards != null) {
      batchLoss = shards.lossAndGradients(batches, index) + network.penalty();
    } else {
      batches.gather(index);
      Tensor x = batches.inputs();
      y = batches.targets();
      if (traced == null) {
        network.zeroGradients();
        prediction = network.forwardShared(x);
        batchLoss = loss.value(prediction, y) + network.penalty();
      } else {
        Trace trace = Tracer.trace(network, loss, x, y);
        traced[0] = trace;
        prediction = trace.prediction();
        batchLoss = trace.loss() + network.penalty();
      }
    }
    if (!Double.isFinite(batchLoss)) {
      throw new TrainingDivergedException(epoch, index + 1, "the loss is " + batchLoss);
    }
    checkGrowth(batchLoss, index + 1);
    epochLoss += meanReduction ? batchLoss * (to - from) / batches.used : batchLoss;
    if (epochPredictions != null) {
      if (shards != null) {
        shards.copyPredictions(epochPredictions, epochTargets, from);
      } else {
        prediction.copyRows(0, epochPredictions, from, to - from);
        y.copyRows(0, epochTargets, from, to - from);
      }
    }
    nextBatch = index + 1;
    if (nextBatch == batches.batches
        && config.hasTargetLoss()
        && epochLoss <= config.targetLoss()) {
      targetReached = true;
      return batchLoss;
    }
    if (traced == null && shards == null) {
      Tensor gradient = batches.gradient(prediction);
      loss.gradient(prediction, y, gradient);
      network.backwardParameters(gradient);
    }
    update.apply(epoch, index + 1, shards != null && shards.gradientsFinite());
    run.steps++;
    BatchEnd event =
        new BatchEnd(
            epoch,
            config.epochs(),
            index + 1,
            batches.batches,
            batchLoss,
            rate,
            run.steps,
            perSecond(to, started));
    for (int listener = 0; listener < listeners.size(); listener++) {
      listeners.get(listener).onBatchEnd(event);
    }
    return batchLoss;
  }

  /**
   * The sharded step the session's untraced steps use, chosen at the first step (on the thread and
   * with the execution the session runs with), or null to run them on one thread.
   */
  private ShardedStep sharded() {
    if (!shardingChosen) {
      int replicas =
          shards == 0
              ? Sharding.replicas(network, batches.batchSize)
              : Math.min(shards, batches.batchSize);
      sharded = ShardedStep.of(network, loss, replicas);
      if (sharded != null) {
        update.split(sharded.workers(), replicas);
      }
      shardingChosen = true;
    }
    return sharded;
  }

  /** Records the run's first loss, then stops a run whose loss has grown beyond all reason. */
  private void checkGrowth(double batchLoss, int batch) {
    if (Double.isNaN(run.initialLoss)) {
      run.initialLoss = batchLoss;
    } else if (config.watchesDivergence()
        && run.initialLoss > 0
        && batchLoss > config.divergenceFactor() * run.initialLoss) {
      throw new TrainingDivergedException(
          epoch,
          batch,
          String.format(
              java.util.Locale.ROOT,
              "the loss is %.4g, more than %s times the first batch's %.4g (the learning rate"
                  + " is %.4g)",
              batchLoss,
              config.divergenceFactor() == Math.rint(config.divergenceFactor())
                  ? Long.toString((long) config.divergenceFactor())
                  : Double.toString(config.divergenceFactor()),
              run.initialLoss,
              rate));
    }
  }

  /** The epoch's bookkeeping: metrics, validation, histories, schedule, events, stopping rules. */
  private EpochEnd endEpoch() {
    double samplesPerSecond = perSecond(batches.used, started);
    Map<String, Double> measured = new LinkedHashMap<>();
    for (Metric metric : metrics) {
      measured.put(metric.name(), metric.compute(epochPredictions, epochTargets));
    }
    if (validationInputs != null) {
      Map<String, Double> validation =
          Evaluator.evaluate(
              network, loss, validationInputs, validationTargets, metrics, batches.batchSize);
      validation.forEach((name, value) -> measured.put("validation " + name, value));
    }
    return closeEpoch(epochLoss, measured, samplesPerSecond);
  }

  /** What ends every epoch, however it was trained: histories, schedule, events, stopping rules. */
  private EpochEnd closeEpoch(
      double epochLoss, Map<String, Double> measured, double samplesPerSecond) {
    run.epoch = epoch;
    run.lossHistory.add(epochLoss);
    measured.forEach(
        (name, value) ->
            run.metricHistory.computeIfAbsent(name, k -> new ArrayList<>()).add(value));
    schedule.observe(measured.getOrDefault("validation loss", epochLoss));
    boolean stalled = monitor != null && run.stalled(monitor, epochLoss, measured);
    epoch = 0;
    nextBatch = 0;
    epochPredictions = null;
    epochTargets = null;
    EpochEnd event =
        new EpochEnd(
            run.epoch, config.epochs(), epochLoss, run.steps, rate, measured, samplesPerSecond);
    if (targetReached) {
      stopReason = StopReason.TARGET_LOSS_REACHED;
    } else if (stalled) {
      stopReason = StopReason.EARLY_STOPPED;
    } else if (run.epoch >= config.epochs()) {
      stopReason = StopReason.EPOCH_LIMIT;
    }
    for (TrainingListener listener : listeners) {
      listener.onEpochEnd(this, event);
    }
    return event;
  }

  private static double perSecond(int samples, long startedNanos) {
    long elapsed = Math.max(1, System.nanoTime() - startedNanos);
    return samples * 1e9 / elapsed;
  }
}
