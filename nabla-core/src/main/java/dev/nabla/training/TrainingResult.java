package dev.nabla.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of training.
 *
 * @param reason why it stopped
 * @param epochs epochs run, the last one included even if it stopped partway
 * @param steps optimizer steps (parameter updates) taken
 * @param finalLoss the last epoch's training loss
 * @param lossHistory every epoch's training loss, in order
 * @param metricHistory every epoch's value of each metric ({@code validation loss}, {@code
 *     accuracy}, {@code validation accuracy}, …)
 * @param bestEpoch with early stopping, the epoch whose monitored value was best; else 0
 */
public record TrainingResult(
    StopReason reason,
    int epochs,
    long steps,
    double finalLoss,
    List<Double> lossHistory,
    Map<String, List<Double>> metricHistory,
    int bestEpoch) {
  public TrainingResult {
    lossHistory = List.copyOf(lossHistory);
    Map<String, List<Double>> copy = new LinkedHashMap<>();
    metricHistory.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    metricHistory = java.util.Collections.unmodifiableMap(copy);
  }
}
