package dev.nabla.training;

import dev.nabla.checkpoint.Checkpoint;
import dev.nabla.layers.Parameter;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Reduction;
import dev.nabla.metrics.Metric;
import dev.nabla.network.Network;
import dev.nabla.network.ParameterName;
import dev.nabla.optimizers.Optimizer;
import dev.nabla.regularization.GradientClipping;
import dev.nabla.schedules.LearningRateSchedule;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.tracing.Trace;
import dev.nabla.tracing.Tracer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One training run, driven a step at a time: {@link #step()} trains on the next batch, and at the
 * end of each epoch measures the metrics and validation, tells the listeners and checks the
 * stopping rules; {@link #run()} steps until the run is over, which is all {@link Trainer#fit}
 * does. A session starts from a fresh optimizer and schedule, so runs never leak into each other.
 *
 * <p>For data-parallel training it also offers the two halves of a step: {@link #gradient} of a
 * batch, a value that adds up across shards, and {@link #apply} of a summed gradient.
 *
 * <p><b>The order of an update</b>, in {@link #step()} and {@link #apply} alike: the weight
 * penalties' gradients are added; every gradient is checked to be finite; gradients are clipped by
 * value, then by global norm; the optimizer steps; the max-norm constraints are applied.
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
  private final Tensor inputs;
  private final Tensor targets;
  private final Tensor validationInputs;
  private final Tensor validationTargets;
  private final Run run;
  private final Monitor monitor;
  private final boolean wasTraining;

  // How every epoch is cut into batches.
  private final int samples;
  private final int batchSize;
  private final int batches;
  private final int used;
  private final boolean meanReduction;
  private final int[] order;
  private final BatchBuffers batch = new BatchBuffers();
  // Indexed once: walking the parameter map every step would allocate its iterators.
  private final List<Map.Entry<String, Parameter>> named;

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
      Data data,
      Run run) {
    this.network = network;
    this.loss = loss;
    this.optimizer = optimizer;
    this.schedule = schedule;
    this.config = config;
    this.metrics = metrics;
    this.listeners = listeners;
    this.inputs = data.inputs;
    this.targets = data.targets;
    this.validationInputs = data.validationInputs;
    this.validationTargets = data.validationTargets;
    this.run = run;
    this.monitor = monitor(config, metrics, validationInputs != null);
    this.samples = inputs.rows();
    this.batchSize = Math.min(config.batchSize(), samples);
    this.batches =
        config.dropLastPartialBatch()
            ? Math.max(1, samples / batchSize)
            : (samples + batchSize - 1) / batchSize;
    this.used = Math.min(samples, batches * batchSize);
    this.meanReduction = loss.reduction() == Reduction.MEAN;
    this.order = new int[samples];
    this.named = List.copyOf(network.parameters().entrySet());
    this.wasTraining = network.isTraining();
    network.setTraining(true);
    if (run.epoch >= config.epochs()) {
      stopReason = StopReason.EPOCH_LIMIT;
    }
  }

  /** The training and validation data of a session, checked, the validation split made. */
  record Data(Tensor inputs, Tensor targets, Tensor validationInputs, Tensor validationTargets) {}

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
    requireRunning();
    if (nextBatch == 0) {
      beginEpoch();
    }
    int index = nextBatch;
    int from = index * batchSize;
    int[] indices = Arrays.copyOfRange(order, from, Math.min(from + batchSize, used));
    long stepsBefore = run.steps;
    Trace[] traced = trace ? new Trace[1] : null;
    double batchLoss = trainBatch(traced);
    EpochEnd ended = nextBatch == batches || targetReached ? endEpoch() : null;
    return new StepResult(
        epoch == 0 ? run.epoch : epoch,
        index + 1,
        batches,
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
    try {
      while (!isFinished()) {
        if (nextBatch == 0) {
          beginEpoch();
        }
        trainRestOfEpoch();
        endEpoch();
      }
    } finally {
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
    while (nextBatch < batches && !targetReached) {
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
              + batches
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
   * @param inputs {@code [samples × network.inputSize()]}, finite, not modified
   * @param targets {@code [samples × network.outputSize()]}, finite, not modified
   */
  public BatchGradient gradient(Tensor inputs, Tensor targets) {
    Trainer.checkData(network, inputs, targets, "batch");
    network.checkInput(inputs);
    network.zeroGradients();
    Tensor prediction = network.forwardShared(inputs);
    double value = loss.value(prediction, targets);
    Tensor gradient = batch.gradient(prediction);
    loss.gradient(prediction, targets, gradient);
    network.backwardParameters(gradient);
    int count = inputs.rows();
    double toSum = meanReduction ? count : 1;
    Map<String, Tensor> sums = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> entry : named) {
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
    for (Map.Entry<String, Parameter> entry : named) {
      entry.getValue().gradient().copyFrom(gradient.gradient(entry.getKey()));
    }
    update(Math.max(run.epoch, epoch), nextBatch);
    run.steps++;
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
    for (int index = 0; index < samples; index++) {
      order[index] = index;
    }
    // One batch sees every sample whatever the order, so it is neither shuffled nor copied.
    if (config.shuffle() && batches > 1) {
      shuffle(order, new SplittableRandom(epochSeed(config.seed(), epoch)));
    }
    epochPredictions =
        metrics.isEmpty() ? null : Tensor.zeros(inputs.dtype(), used, network.outputSize());
    epochTargets = metrics.isEmpty() ? null : Tensor.zeros(DType.FLOAT64, used, targets.columns());
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
    int from = index * batchSize;
    int to = Math.min(from + batchSize, used);
    Tensor x = inputs;
    Tensor y = targets;
    if (batches > 1 || used < samples) {
      batch.gather(inputs, targets, order, from, to);
      x = batch.inputs;
      y = batch.targets;
    }
    Tensor prediction;
    double batchLoss;
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
    if (!Double.isFinite(batchLoss)) {
      throw new TrainingDivergedException(epoch, index + 1, "the loss is " + batchLoss);
    }
    epochLoss += meanReduction ? batchLoss * (to - from) / used : batchLoss;
    if (epochPredictions != null) {
      prediction.copyRows(0, epochPredictions, from, to - from);
      y.copyRows(0, epochTargets, from, to - from);
    }
    nextBatch = index + 1;
    if (nextBatch == batches && config.hasTargetLoss() && epochLoss <= config.targetLoss()) {
      targetReached = true;
      return batchLoss;
    }
    if (traced == null) {
      Tensor gradient = batch.gradient(prediction);
      loss.gradient(prediction, y, gradient);
      network.backwardParameters(gradient);
    }
    update(epoch, index + 1);
    run.steps++;
    BatchEnd event =
        new BatchEnd(
            epoch,
            config.epochs(),
            index + 1,
            batches,
            batchLoss,
            rate,
            run.steps,
            perSecond(to, started));
    for (int listener = 0; listener < listeners.size(); listener++) {
      listeners.get(listener).onBatchEnd(event);
    }
    return batchLoss;
  }

  /** The update from the gradients the parameters hold, in the order the class describes. */
  private void update(int epochNumber, int batchNumber) {
    network.addPenaltyGradients();
    checkGradients(epochNumber, batchNumber);
    if (!Double.isNaN(config.clipValue())) {
      GradientClipping.clipByValue(network.parameters(), config.clipValue());
    }
    if (!Double.isNaN(config.clipNorm())) {
      GradientClipping.clipByGlobalNorm(network.parameters(), config.clipNorm());
    }
    optimizer.step(network.parameters());
    network.applyConstraints();
  }

  /** The epoch's bookkeeping: metrics, validation, histories, schedule, events, stopping rules. */
  private EpochEnd endEpoch() {
    double samplesPerSecond = perSecond(used, started);
    Map<String, Double> measured = new LinkedHashMap<>();
    for (Metric metric : metrics) {
      measured.put(metric.name(), metric.compute(epochPredictions, epochTargets));
    }
    if (validationInputs != null) {
      Map<String, Double> validation =
          Evaluator.evaluate(
              network, loss, validationInputs, validationTargets, metrics, batchSize);
      validation.forEach((name, value) -> measured.put("validation " + name, value));
    }
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

  private void checkGradients(int epochNumber, int batchNumber) {
    for (int index = 0; index < named.size(); index++) {
      Map.Entry<String, Parameter> entry = named.get(index);
      Tensor gradient = entry.getValue().gradient();
      int bad = gradient.indexOfNonFinite();
      if (bad >= 0) {
        String name = entry.getKey();
        int layer = ParameterName.parse(name).layer();
        throw new TrainingDivergedException(
            epochNumber,
            batchNumber,
            "the gradient of "
                + name
                + " (layer "
                + layer
                + ", "
                + network.layers().get(layer)
                + ") has "
                + gradient.get(bad)
                + " at element "
                + bad);
      }
    }
  }

  /** What early stopping watches, checked against what will be measured. */
  private static Monitor monitor(TrainingConfig config, List<Metric> metrics, boolean validating) {
    EarlyStopping stopping = config.earlyStopping();
    if (stopping == null) {
      return null;
    }
    Map<String, Boolean> available = new LinkedHashMap<>();
    available.put("loss", false);
    if (validating) {
      available.put("validation loss", false);
    }
    for (Metric metric : metrics) {
      available.put(metric.name(), metric.higherIsBetter());
      if (validating) {
        available.put("validation " + metric.name(), metric.higherIsBetter());
      }
    }
    Boolean higherIsBetter = available.get(stopping.monitor());
    if (higherIsBetter == null) {
      throw new IllegalArgumentException(
          "early stopping monitors '"
              + stopping.monitor()
              + "', which this run does not measure; it measures "
              + available.keySet());
    }
    return new Monitor(stopping, higherIsBetter);
  }

  private static double perSecond(int samples, long startedNanos) {
    long elapsed = Math.max(1, System.nanoTime() - startedNanos);
    return samples * 1e9 / elapsed;
  }

  /** SplitMix64's finaliser over (seed, epoch): well-separated streams for nearby epochs. */
  static long epochSeed(long seed, int epoch) {
    long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Fisher–Yates: every order equally likely, drawn from {@code random}. */
  static void shuffle(int[] order, SplittableRandom random) {
    for (int index = order.length - 1; index > 0; index--) {
      int other = random.nextInt(index + 1);
      int swap = order[index];
      order[index] = order[other];
      order[other] = swap;
    }
  }

  /**
   * One batch's gathered inputs and targets and the loss gradient, allocated once per batch size so
   * that a training step allocates nothing.
   */
  private static final class BatchBuffers {
    Tensor inputs;
    Tensor targets;
    Tensor gradient;

    /**
     * Gathers the samples {@code order[from..to)}, into buffers reallocated only when the batch
     * size changes (the last, partial batch of an epoch).
     */
    void gather(Tensor allInputs, Tensor allTargets, int[] order, int from, int to) {
      if (inputs == null || inputs.rows() != to - from) {
        inputs = Tensor.zeros(allInputs.dtype(), to - from, allInputs.columns());
        targets = Tensor.zeros(allTargets.dtype(), to - from, allTargets.columns());
      }
      allInputs.gatherRows(order, from, to, inputs);
      allTargets.gatherRows(order, from, to, targets);
    }

    /** The buffer for ∂L/∂prediction, reallocated only when the prediction's shape changes. */
    Tensor gradient(Tensor prediction) {
      if (gradient == null || !gradient.shape().equals(prediction.shape())) {
        gradient = Tensor.zeros(prediction.dtype(), prediction.shape());
      }
      return gradient;
    }
  }
}
