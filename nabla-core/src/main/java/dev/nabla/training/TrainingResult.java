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
 * @param restoredBest whether the network ended with the weights of {@code bestEpoch}
 */
public record TrainingResult(
    StopReason reason,
    int epochs,
    long steps,
    double finalLoss,
    List<Double> lossHistory,
    Map<String, List<Double>> metricHistory,
    int bestEpoch,
    boolean restoredBest) {
  public TrainingResult {
    lossHistory = List.copyOf(lossHistory);
    Map<String, List<Double>> copy = new LinkedHashMap<>();
    metricHistory.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    metricHistory = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * How the run ended, in words: {@code finished all 30 epochs (420 steps)}, {@code reached the
   * target loss in epoch 12 (300 steps)}, or {@code stopped early after epoch 12 (420 steps);
   * restored the weights of epoch 8, the best}.
   */
  public String describe() {
    String stepsRun = steps + (steps == 1 ? " step" : " steps");
    return switch (reason) {
      case EPOCH_LIMIT ->
          "finished "
              + (epochs == 1 ? "the 1 epoch" : "all " + epochs + " epochs")
              + " ("
              + stepsRun
              + ")";
      case TARGET_LOSS_REACHED ->
          "reached the target loss in epoch " + epochs + " (" + stepsRun + ")";
      case EARLY_STOPPED ->
          "stopped early after epoch "
              + epochs
              + " ("
              + stepsRun
              + "): no improvement since epoch "
              + bestEpoch
              + (restoredBest ? "; restored the weights of epoch " + bestEpoch + ", the best" : "");
    };
  }
}
