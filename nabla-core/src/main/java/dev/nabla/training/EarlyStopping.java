package dev.nabla.training;

import java.util.Objects;

/**
 * Keras's {@code EarlyStopping}: stop when the monitored value has not improved by more than {@code
 * minDelta} for {@code patience} epochs in a row; optionally put back the weights of the best epoch
 * when training ends.
 *
 * @param monitor what to watch: {@code loss}, {@code validation loss}, or a metric's name with or
 *     without {@code validation } before it, e.g. {@code validation accuracy}
 * @param patience epochs without improvement to tolerate, ≥ 0
 * @param minDelta the smallest change that counts as an improvement, ≥ 0
 * @param restoreBestWeights whether the network ends with the best epoch's weights and buffers
 */
public record EarlyStopping(
    String monitor, int patience, double minDelta, boolean restoreBestWeights) {
  /**
   * @throws IllegalArgumentException naming the field and value at fault
   */
  public EarlyStopping {
    Objects.requireNonNull(monitor, "monitor");
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be ≥ 0, got " + patience);
    }
    if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
      throw new IllegalArgumentException("minDelta must be finite and ≥ 0, got " + minDelta);
    }
  }

  /** Watch the validation loss, restoring the best weights. */
  public static EarlyStopping onValidationLoss(int patience) {
    return new EarlyStopping("validation loss", patience, 0, true);
  }
}
