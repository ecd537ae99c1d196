package dev.nabla.training;

/**
 * Training met a NaN or infinite loss or gradient, or a loss so far above the first batch's that
 * the run has blown up (see {@link TrainingConfig#divergenceFactor()}). It stopped before the
 * update that would have used it, so the network keeps the weights of the last good step.
 */
public class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final int batch;

  public TrainingDivergedException(int epoch, int batch, String what) {
    super(
        "training diverged at epoch "
            + epoch
            + ", batch "
            + batch
            + ": "
            + what
            + "; the network keeps the weights of the last good step. Try a smaller learning"
            + " rate or gradient clipping.");
    this.epoch = epoch;
    this.batch = batch;
  }

  /** The epoch it happened in, 1 for the first. */
  public int epoch() {
    return epoch;
  }

  /** The batch it happened in, 1 for the first. */
  public int batch() {
    return batch;
  }
}
