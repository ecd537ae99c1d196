package dev.nabla.training;

import dev.nabla.losses.Loss;
import dev.nabla.losses.Reduction;
import dev.nabla.metrics.Metric;
import dev.nabla.network.Network;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Measures a network on labelled data in inference mode: its loss and any metrics. */
public final class Evaluator {
  private Evaluator() {}

  /**
   * The loss ({@code loss}: the data loss over all samples with the loss's reduction, plus the
   * network's weight penalties) and each metric by name, computed in batches of {@code batchSize}
   * rows, with {@link Network#predict}: in inference mode, leaving the network's mode alone.
   */
  public static Map<String, Double> evaluate(
      Network network,
      Loss loss,
      Tensor inputs,
      Tensor targets,
      List<Metric> metrics,
      int batchSize) {
    int samples = inputs.rows();
    int chunk = Math.max(1, Math.min(batchSize < 1 ? samples : batchSize, samples));
    Tensor outputs = network.predict(inputs);
    double total = 0;
    int[] identity = new int[samples];
    for (int index = 0; index < samples; index++) {
      identity[index] = index;
    }
    // The loss is still reduced batch by batch, as training reports it.
    for (int from = 0; from < samples; from += chunk) {
      int to = Math.min(from + chunk, samples);
      Tensor output = chunk == samples ? outputs : outputs.gatherRows(identity, from, to);
      Tensor y = chunk == samples ? targets : targets.gatherRows(identity, from, to);
      double value = loss.value(output, y);
      total += loss.reduction() == Reduction.MEAN ? value * (to - from) / samples : value;
    }
    Map<String, Double> results = new LinkedHashMap<>();
    results.put("loss", total + network.penalty());
    for (Metric metric : metrics) {
      results.put(metric.name(), metric.compute(outputs, targets));
    }
    return results;
  }
}
