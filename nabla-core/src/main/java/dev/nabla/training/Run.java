package dev.nabla.training;

import dev.nabla.checkpoint.Checkpoint;
import dev.nabla.layers.Parameter;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Optimizer;
import dev.nabla.schedules.LearningRateSchedule;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The state of one training run that changes from epoch to epoch: what a checkpoint holds. */
final class Run {
  final Network network;
  final double baseRate;
  int epoch;
  long steps;

  /** The run's first batch loss, before any update: what divergence is measured against. */
  double initialLoss = Double.NaN;

  final List<Double> lossHistory = new ArrayList<>();
  final Map<String, List<Double>> metricHistory = new LinkedHashMap<>();
  double best = Double.NaN;
  int epochsWithoutImprovement;
  int bestEpoch;
  Map<String, Tensor> bestParameters;
  Map<String, Tensor> bestBuffers;

  Run(Network network, double baseRate) {
    this.network = network;
    this.baseRate = baseRate;
  }

  /**
   * Records the epoch's monitored value; true when training should stop (Keras's rule: an
   * improvement beats the best by more than minDelta; stop after {@code patience} epochs without).
   */
  boolean stalled(Monitor monitor, double epochLoss, Map<String, Double> measured) {
    EarlyStopping settings = monitor.settings();
    double value = settings.monitor().equals("loss") ? epochLoss : measured.get(settings.monitor());
    boolean improved =
        Double.isNaN(best)
            || (monitor.higherIsBetter()
                ? value - settings.minDelta() > best
                : value + settings.minDelta() < best);
    if (improved) {
      best = value;
      bestEpoch = epoch;
      epochsWithoutImprovement = 0;
      if (settings.restoreBestWeights()) {
        bestParameters = copy(parametersOf(network));
        bestBuffers = copy(network.buffers());
      }
      return false;
    }
    epochsWithoutImprovement++;
    return epochsWithoutImprovement >= settings.patience();
  }

  TrainingResult result(StopReason reason, boolean restoreBest) {
    if (restoreBest && bestParameters != null) {
      bestParameters.forEach((name, value) -> network.parameter(name).value().copyFrom(value));
      bestBuffers.forEach((name, value) -> network.buffers().get(name).copyFrom(value));
    }
    return new TrainingResult(
        reason,
        epoch,
        steps,
        lossHistory.isEmpty() ? Double.NaN : lossHistory.get(lossHistory.size() - 1),
        lossHistory,
        metricHistory,
        bestEpoch,
        restoreBest && bestParameters != null);
  }

  Checkpoint checkpoint(Optimizer optimizer, LearningRateSchedule schedule) {
    Map<String, Double> scalars = new LinkedHashMap<>();
    scalars.put("epoch", (double) epoch);
    scalars.put("steps", (double) steps);
    scalars.put("baseLearningRate", baseRate);
    scalars.put("early.best", best);
    scalars.put("early.epochsWithoutImprovement", (double) epochsWithoutImprovement);
    scalars.put("early.bestEpoch", (double) bestEpoch);
    scalars.put("divergence.initialLoss", initialLoss);
    schedule.state().forEach((key, value) -> scalars.put("schedule." + key, value));
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    network.parameters().forEach((name, p) -> tensors.put("parameters." + name, p.value().copy()));
    network.buffers().forEach((name, b) -> tensors.put("buffers." + name, b.copy()));
    optimizer.state().forEach((name, s) -> tensors.put("optimizer." + name, s));
    if (bestParameters != null) {
      bestParameters.forEach((name, t) -> tensors.put("best.parameters." + name, t.copy()));
      bestBuffers.forEach((name, t) -> tensors.put("best.buffers." + name, t.copy()));
    }
    tensors.put("history.loss", history(lossHistory));
    metricHistory.forEach((name, values) -> tensors.put("history.metric." + name, history(values)));
    return new Checkpoint(scalars, tensors);
  }

  static Run restore(
      Network network, Checkpoint checkpoint, Optimizer optimizer, LearningRateSchedule schedule) {
    Map<String, Tensor> parameters = checkpoint.tensorsUnder("parameters.");
    if (!parameters.keySet().equals(network.parameters().keySet())) {
      throw new IllegalArgumentException(
          "the checkpoint holds parameters "
              + parameters.keySet()
              + " but the network has "
              + network.parameters().keySet()
              + "; it was written for another network");
    }
    parameters.forEach(network::setParameter);
    Map<String, Tensor> buffers = checkpoint.tensorsUnder("buffers.");
    if (!buffers.keySet().equals(network.buffers().keySet())) {
      throw new IllegalArgumentException(
          "the checkpoint holds buffers "
              + buffers.keySet()
              + " but the network has "
              + network.buffers().keySet());
    }
    buffers.forEach((name, value) -> network.buffers().get(name).copyFrom(value));
    optimizer.loadState(checkpoint.tensorsUnder("optimizer."));
    Map<String, Double> scheduleState = checkpoint.scalarsUnder("schedule.");
    if (!scheduleState.keySet().equals(schedule.state().keySet())) {
      throw new IllegalArgumentException(
          "the checkpoint holds schedule state "
              + scheduleState.keySet()
              + " but this run's schedule keeps "
              + schedule.state().keySet()
              + "; it was written with another schedule");
    }
    schedule.loadState(scheduleState);

    // The base rate is the resuming run's: the same as the checkpoint's when the run is the same,
    // and what the caller asked for when it is not (recorded in the checkpoint for reference).
    Run run = new Run(network, optimizer.learningRate());
    run.epoch = (int) checkpoint.scalar("epoch");
    run.steps = (long) checkpoint.scalar("steps");
    run.best = checkpoint.scalar("early.best");
    run.epochsWithoutImprovement = (int) checkpoint.scalar("early.epochsWithoutImprovement");
    run.bestEpoch = (int) checkpoint.scalar("early.bestEpoch");
    // Absent from checkpoints of an earlier Nabla: the resumed run's first batch sets it then.
    run.initialLoss = checkpoint.scalars().getOrDefault("divergence.initialLoss", Double.NaN);
    Map<String, Tensor> bestParameters = checkpoint.tensorsUnder("best.parameters.");
    if (!bestParameters.isEmpty()) {
      run.bestParameters = bestParameters;
      run.bestBuffers = checkpoint.tensorsUnder("best.buffers.");
    }
    for (double value : checkpoint.tensors().get("history.loss").toDoubleArray()) {
      run.lossHistory.add(value);
    }
    checkpoint
        .tensorsUnder("history.metric.")
        .forEach(
            (name, values) -> {
              List<Double> list = new ArrayList<>();
              for (double value : values.toDoubleArray()) {
                list.add(value);
              }
              run.metricHistory.put(name, list);
            });
    return run;
  }

  private static Map<String, Tensor> parametersOf(Network network) {
    Map<String, Tensor> values = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> entry : network.parameters().entrySet()) {
      values.put(entry.getKey(), entry.getValue().value());
    }
    return values;
  }

  private static Map<String, Tensor> copy(Map<String, Tensor> tensors) {
    Map<String, Tensor> copies = new LinkedHashMap<>();
    tensors.forEach((name, tensor) -> copies.put(name, tensor.copy()));
    return copies;
  }

  private static Tensor history(List<Double> values) {
    double[] array = new double[values.size()];
    for (int index = 0; index < array.length; index++) {
      array[index] = values.get(index);
    }
    return Tensor.vector(DType.FLOAT64, array);
  }
}
