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
   * rows. The network's mode is restored afterwards.
   */
  public static Map<String, Double> evaluate(
      Network network,
      Loss loss,
      Tensor inputs,
      Tensor targets,
      List<Metric> metrics,
      int batchSize) {
    boolean wasTraining = network.isTraining();
    network.setTraining(false);
    try {
      int samples = inputs.rows();
      int chunk = Math.max(1, Math.min(batchSize < 1 ? samples : batchSize, samples));
      Tensor predictions =
          metrics.isEmpty() ? null : Tensor.zeros(inputs.dtype(), samples, network.outputSize());
      double total = 0;
      int[] identity = new int[samples];
      for (int index = 0; index < samples; index++) {
        identity[index] = index;
      }
      for (int from = 0; from < samples; from += chunk) {
        int to = Math.min(from + chunk, samples);
        Tensor x = chunk == samples ? inputs : inputs.gatherRows(identity, from, to);
        Tensor y = chunk == samples ? targets : targets.gatherRows(identity, from, to);
        Tensor output = network.forward(x);
        double value = loss.value(output, y);
        total += loss.reduction() == Reduction.MEAN ? value * (to - from) / samples : value;
        if (predictions != null) {
          int columns = output.columns();
          for (int index = 0; index < output.size(); index++) {
            predictions.set(from * columns + index, output.get(index));
          }
        }
      }
      Map<String, Double> results = new LinkedHashMap<>();
      results.put("loss", total + network.penalty());
      for (Metric metric : metrics) {
        results.put(metric.name(), metric.compute(predictions, targets));
      }
      return results;
    } finally {
      network.setTraining(wasTraining);
    }
  }
}
