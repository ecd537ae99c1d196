package dev.nabla.cli;

import dev.nabla.losses.Loss;
import dev.nabla.metrics.Metric;
import dev.nabla.network.Network;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.EpochEnd;
import dev.nabla.training.Evaluator;
import dev.nabla.training.TrainingListener;
import dev.nabla.training.TrainingResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures the test set after every epoch, for the plots: a run held out for testing but not for
 * validation would otherwise plot no held-out curve at all. The test set never steers training
 * (early stopping watches validation); these are only measurements.
 */
final class TestCurves implements TrainingListener {
  private final Network network;
  private final Loss loss;
  private final Tensor inputs;
  private final Tensor targets;
  private final List<Metric> metrics;
  private final Map<String, List<Double>> history = new LinkedHashMap<>();

  TestCurves(Network network, Loss loss, Tensor inputs, Tensor targets, List<Metric> metrics) {
    this.network = network;
    this.loss = loss;
    this.inputs = inputs;
    this.targets = targets;
    this.metrics = metrics;
  }

  @Override
  public void onEpochEnd(EpochEnd event) {
    Evaluator.evaluate(network, loss, inputs, targets, metrics, 1024)
        .forEach(
            (name, value) ->
                history.computeIfAbsent("test " + name, unused -> new ArrayList<>()).add(value));
  }

  /** The result with the test curves beside its own histories. */
  TrainingResult addedTo(TrainingResult result) {
    Map<String, List<Double>> merged = new LinkedHashMap<>(result.metricHistory());
    merged.putAll(history);
    return new TrainingResult(
        result.reason(),
        result.epochs(),
        result.steps(),
        result.finalLoss(),
        result.lossHistory(),
        merged,
        result.bestEpoch(),
        result.restoredBest());
  }
}
