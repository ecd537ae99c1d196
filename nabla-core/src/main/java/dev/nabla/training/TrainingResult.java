package dev.nabla.training;

import java.util.List;

/**
 * The outcome of training.
 *
 * @param reason why it stopped
 * @param epochs epochs run, the last one included even if it stopped partway
 * @param steps optimizer steps (parameter updates) taken
 * @param finalLoss the last epoch's loss
 * @param lossHistory every epoch's loss, in order
 */
public record TrainingResult(
    StopReason reason, int epochs, long steps, double finalLoss, List<Double> lossHistory) {
  public TrainingResult {
    lossHistory = List.copyOf(lossHistory);
  }
}
