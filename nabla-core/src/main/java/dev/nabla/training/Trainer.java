package dev.nabla.training;

import dev.nabla.checkpoint.Checkpoint;
import dev.nabla.checkpoint.CheckpointFile;
import dev.nabla.layers.Parameter;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Reduction;
import dev.nabla.metrics.Metric;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Optimizer;
import dev.nabla.regularization.GradientClipping;
import dev.nabla.schedules.LearningRateSchedule;
import dev.nabla.schedules.Schedules;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Mini-batch gradient descent with everything around it: schedules, validation, metrics, early
 * stopping, gradient clipping, divergence checks, events and checkpoints.
 *
 * <p>Each step reads: zero the gradients; forward; the loss (plus weight penalties) and its
 * gradient; backward; penalty gradients; clipping; one optimizer step; max-norm constraints.
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
  private final TrainingListener listener;
  private final Path checkpointDirectory;
  private final int checkpointEvery;

  private Trainer(Builder builder) {
    this.loss = builder.loss;
    this.optimizer = builder.optimizer;
    this.config = builder.config;
    this.schedule = builder.schedule;
    this.metrics = List.copyOf(builder.metrics);
    this.listener = builder.listener;
    this.checkpointDirectory = builder.checkpointDirectory;
    this.checkpointEvery = builder.checkpointEvery;
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

  /** Where {@link #fit} writes the checkpoint of an epoch: {@code epoch-00007.checkpoint}. */
  public static Path checkpointPath(Path directory, int epoch) {
    return directory.resolve(String.format(Locale.ROOT, "epoch-%05d.checkpoint", epoch));
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
    return fit(network, inputs, targets, null, null);
  }

  /** Trains, validating on a separate set after every epoch. */
  public TrainingResult fit(
      Network network,
      Tensor inputs,
      Tensor targets,
      Tensor validationInputs,
      Tensor validationTargets) {
    Run run = new Run(network, optimizer.learningRate());
    return train(run, inputs, targets, validationInputs, validationTargets);
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
    Run run = Run.restore(network, checkpoint, optimizer, schedule);
    return train(run, inputs, targets, validationInputs, validationTargets);
  }

  /**
   * Continues from a checkpoint file; see {@link #resume(Network, Checkpoint, Tensor, Tensor,
   * Tensor, Tensor)}.
   */
  public TrainingResult resume(Network network, Path checkpoint, Tensor inputs, Tensor targets) {
    try {
      return resume(network, CheckpointFile.read(checkpoint), inputs, targets, null, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TrainingResult train(
      Run run, Tensor inputs, Tensor targets, Tensor validationInputs, Tensor validationTargets) {
    Network network = run.network;
    checkData(network, inputs, targets, "training");
    network.checkInput(inputs);
    if ((validationInputs == null) != (validationTargets == null)) {
      throw new IllegalArgumentException("give both validation inputs and targets, or neither");
    }
    if (validationInputs == null && config.validationSplit() > 0) {
      Tensor[] split = split(inputs, targets);
      inputs = split[0];
      targets = split[1];
      validationInputs = split[2];
      validationTargets = split[3];
    }
    if (validationInputs != null) {
      checkData(network, validationInputs, validationTargets, "validation");
      network.checkInput(validationInputs);
    }
    Monitor monitor = monitor(validationInputs != null);
    boolean wasTraining = network.isTraining();
    network.setTraining(true);
    try {
      return loop(run, inputs, targets, validationInputs, validationTargets, monitor);
    } finally {
      network.setTraining(wasTraining);
    }
  }

  private TrainingResult loop(
      Run run,
      Tensor inputs,
      Tensor targets,
      Tensor validationInputs,
      Tensor validationTargets,
      Monitor monitor) {
    Network network = run.network;
    EpochPass pass = new EpochPass(network, inputs, targets);

    for (int epoch = run.epoch + 1; epoch <= config.epochs(); epoch++) {
      double rate = schedule.learningRate(epoch - 1, run.baseRate);
      optimizer.setLearningRate(rate);
      pass.order(epoch);
      Tensor epochPredictions =
          metrics.isEmpty() ? null : Tensor.zeros(inputs.dtype(), pass.used, network.outputSize());
      Tensor epochTargets =
          metrics.isEmpty() ? null : Tensor.zeros(DType.FLOAT64, pass.used, targets.columns());
      long started = System.nanoTime();
      double epochLoss = pass.run(run, epoch, rate, epochPredictions, epochTargets, started);
      boolean targetReached = pass.targetReached;
      int batchSize = pass.batchSize;
      int used = pass.used;
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
      listener.onEpochEnd(
          new EpochEnd(
              epoch, config.epochs(), epochLoss, run.steps, rate, measured, samplesPerSecond));
      if (checkpointDirectory != null && epoch % checkpointEvery == 0) {
        try {
          CheckpointFile.write(
              checkpointPath(checkpointDirectory, epoch), run.checkpoint(optimizer, schedule));
        } catch (IOException e) {
          throw new UncheckedIOException("could not write the checkpoint of epoch " + epoch, e);
        }
      }
      if (targetReached) {
        return run.result(StopReason.TARGET_LOSS_REACHED, restoreBest());
      }
      if (stalled) {
        return run.result(StopReason.EARLY_STOPPED, restoreBest());
      }
    }
    return run.result(StopReason.EPOCH_LIMIT, restoreBest());
  }

  /**
   * One epoch's batches. They run in a method of their own, apart from the epoch's bookkeeping: the
   * JIT compiles a method's hot loop together with everything the loop's body inlines, and with
   * metrics, validation and checkpoints in the same loop that compile kept one of this two-core
   * machine's cores busy for 0.7 s, so every run's third epoch trained at two-thirds speed.
   */
  private final class EpochPass {
    final Network network;
    final Tensor inputs;
    final Tensor targets;
    final int samples;
    final int batchSize;
    final int batches;
    final int used;
    final boolean meanReduction = loss.reduction() == Reduction.MEAN;
    final int[] order;
    final BatchBuffers batch = new BatchBuffers();
    // Indexed once: walking the parameter map every step would allocate its iterators.
    final List<Map.Entry<String, Parameter>> named;
    boolean targetReached;

    EpochPass(Network network, Tensor inputs, Tensor targets) {
      this.network = network;
      this.inputs = inputs;
      this.targets = targets;
      this.samples = inputs.rows();
      this.batchSize = Math.min(config.batchSize(), samples);
      this.batches =
          config.dropLastPartialBatch()
              ? Math.max(1, samples / batchSize)
              : (samples + batchSize - 1) / batchSize;
      this.used = Math.min(samples, batches * batchSize);
      this.order = new int[samples];
      this.named = List.copyOf(network.parameters().entrySet());
    }

    /** The epoch's order of the samples. */
    void order(int epoch) {
      for (int index = 0; index < samples; index++) {
        order[index] = index;
      }
      // One batch sees every sample whatever the order, so it is neither shuffled nor copied.
      if (config.shuffle() && batches > 1) {
        shuffle(order, new SplittableRandom(epochSeed(config.seed(), epoch)));
      }
    }

    /** Trains on every batch of the epoch; returns the epoch's loss. */
    double run(
        Run run,
        int epoch,
        double rate,
        Tensor epochPredictions,
        Tensor epochTargets,
        long started) {
      double epochLoss = 0;
      targetReached = false;
      for (int index = 0; index < batches; index++) {
        int from = index * batchSize;
        int to = Math.min(from + batchSize, used);
        Tensor x = inputs;
        Tensor y = targets;
        if (batches > 1 || used < samples) {
          batch.gather(inputs, targets, order, from, to);
          x = batch.inputs;
          y = batch.targets;
        }

        network.zeroGradients();
        Tensor prediction = network.forwardShared(x);
        double batchLoss = loss.value(prediction, y) + network.penalty();
        if (!Double.isFinite(batchLoss)) {
          throw new TrainingDivergedException(epoch, index + 1, "the loss is " + batchLoss);
        }
        epochLoss += meanReduction ? batchLoss * (to - from) / used : batchLoss;
        if (epochPredictions != null) {
          prediction.copyRows(0, epochPredictions, from, to - from);
          y.copyRows(0, epochTargets, from, to - from);
        }
        if (index == batches - 1 && config.hasTargetLoss() && epochLoss <= config.targetLoss()) {
          targetReached = true;
          break;
        }
        backwardAndUpdate(prediction, y, epoch, index + 1);
        run.steps++;
        listener.onBatchEnd(
            new BatchEnd(
                epoch,
                config.epochs(),
                index + 1,
                batches,
                batchLoss,
                rate,
                run.steps,
                perSecond(to, started)));
      }
      return epochLoss;
    }

    private void backwardAndUpdate(Tensor prediction, Tensor y, int epoch, int batchNumber) {
      Tensor gradient = batch.gradient(prediction);
      loss.gradient(prediction, y, gradient);
      network.backwardParameters(gradient);
      network.addPenaltyGradients();
      checkGradients(network, named, epoch, batchNumber);
      if (!Double.isNaN(config.clipValue())) {
        GradientClipping.clipByValue(network.parameters(), config.clipValue());
      }
      if (!Double.isNaN(config.clipNorm())) {
        GradientClipping.clipByGlobalNorm(network.parameters(), config.clipNorm());
      }
      optimizer.step(network.parameters());
      network.applyConstraints();
    }
  }

  private boolean restoreBest() {
    return config.earlyStopping() != null && config.earlyStopping().restoreBestWeights();
  }

  /** What early stopping watches, checked against what will be measured. */
  private Monitor monitor(boolean validating) {
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

  /** Holds out the last {@code validationSplit} of a seeded permutation of the samples. */
  private Tensor[] split(Tensor inputs, Tensor targets) {
    int samples = inputs.rows();
    int held = (int) Math.ceil(config.validationSplit() * samples);
    if (held < 1 || held >= samples) {
      throw new IllegalArgumentException(
          "validationSplit "
              + config.validationSplit()
              + " of "
              + samples
              + " samples leaves "
              + (samples - held)
              + " for training and "
              + held
              + " for validation; both need at least one");
    }
    int[] order = new int[samples];
    for (int index = 0; index < samples; index++) {
      order[index] = index;
    }
    shuffle(order, new SplittableRandom(epochSeed(config.seed(), 0)));
    int kept = samples - held;
    return new Tensor[] {
      inputs.gatherRows(order, 0, kept),
      targets.gatherRows(order, 0, kept),
      inputs.gatherRows(order, kept, samples),
      targets.gatherRows(order, kept, samples)
    };
  }

  private static void checkGradients(
      Network network, List<Map.Entry<String, Parameter>> named, int epoch, int batch) {
    for (int index = 0; index < named.size(); index++) {
      Map.Entry<String, Parameter> entry = named.get(index);
      Tensor gradient = entry.getValue().gradient();
      int bad = gradient.indexOfNonFinite();
      if (bad >= 0) {
        String name = entry.getKey();
        int layer = Integer.parseInt(name.split("\\.")[1]);
        throw new TrainingDivergedException(
            epoch,
            batch,
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

  private static void checkData(Network network, Tensor inputs, Tensor targets, String what) {
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
  private static void shuffle(int[] order, SplittableRandom random) {
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

  /** Early stopping's watch: which value, and which way is better. */
  record Monitor(EarlyStopping settings, boolean higherIsBetter) {}

  /** Builds a {@link Trainer}. */
  public static final class Builder {
    private final Loss loss;
    private final Optimizer optimizer;
    private TrainingConfig config = TrainingConfig.builder().build();
    private LearningRateSchedule schedule = Schedules.constant();
    private List<Metric> metrics = List.of();
    private TrainingListener listener = TrainingListener.NONE;
    private Path checkpointDirectory;
    private int checkpointEvery = 1;

    private Builder(Loss loss, Optimizer optimizer) {
      this.loss = Objects.requireNonNull(loss, "loss");
      this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    public Builder config(TrainingConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** The learning rate of each epoch, from the optimizer's own rate as the base. */
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    /** Metrics measured on the training data every epoch, and on the validation data if any. */
    public Builder metrics(Metric... metrics) {
      this.metrics = List.of(metrics);
      return this;
    }

    public Builder listener(TrainingListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Writes a checkpoint into {@code directory} after every {@code everyEpochs} epochs. */
    public Builder checkpoints(Path directory, int everyEpochs) {
      if (everyEpochs < 1) {
        throw new IllegalArgumentException(
            "checkpoint interval must be ≥ 1 epoch, got " + everyEpochs);
      }
      this.checkpointDirectory = Objects.requireNonNull(directory, "directory");
      this.checkpointEvery = everyEpochs;
      return this;
    }

    public Trainer build() {
      return new Trainer(this);
    }
  }
}
