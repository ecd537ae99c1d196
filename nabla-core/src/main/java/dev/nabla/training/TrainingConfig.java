package dev.nabla.training;

import java.util.Locale;

/**
 * How to train: how many epochs at most, how large a batch, when to stop early, and the seed of the
 * shuffle.
 *
 * @param epochs the most passes over the data, ≥ 1
 * @param batchSize samples per step: 1 for per-sample training, {@link #FULL_BATCH} for the whole
 *     data set in every step
 * @param targetLoss stop as soon as an epoch's loss is at or below this; NaN for no target
 * @param shuffle whether each epoch visits the samples in a new seeded order (moot, and skipped,
 *     when one batch holds them all)
 * @param seed the seed of the shuffle
 */
public record TrainingConfig(
    int epochs, int batchSize, double targetLoss, boolean shuffle, long seed) {
  /** The batch size meaning "the whole data set". */
  public static final int FULL_BATCH = 0;

  /**
   * @throws IllegalArgumentException naming the field and value at fault
   */
  public TrainingConfig {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
    }
    if (batchSize < 0) {
      throw new IllegalArgumentException(
          "batchSize must be ≥ 1, or FULL_BATCH (0) for the whole data set, got " + batchSize);
    }
    if (Double.isInfinite(targetLoss)) {
      throw new IllegalArgumentException(
          "targetLoss must be finite, or NaN for none, got " + targetLoss);
    }
  }

  /** A builder starting from 1 epoch, full batch, no target, shuffled, seed 0. */
  public static Builder builder() {
    return new Builder();
  }

  public boolean hasTargetLoss() {
    return !Double.isNaN(targetLoss);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "TrainingConfig(epochs=%d, batchSize=%s, targetLoss=%s, shuffle=%s, seed=%d)",
        epochs,
        batchSize == FULL_BATCH ? "full" : Integer.toString(batchSize),
        hasTargetLoss() ? Double.toString(targetLoss) : "none",
        shuffle,
        seed);
  }

  /** Builds a {@link TrainingConfig}; validation happens in {@link #build()}. */
  public static final class Builder {
    private int epochs = 1;
    private int batchSize = FULL_BATCH;
    private double targetLoss = Double.NaN;
    private boolean shuffle = true;
    private long seed = 0;

    private Builder() {}

    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Every step sees the whole data set. */
    public Builder fullBatch() {
      this.batchSize = FULL_BATCH;
      return this;
    }

    /** Stop as soon as an epoch's loss is ≤ {@code targetLoss}, or after the epoch limit. */
    public Builder targetLoss(double targetLoss) {
      this.targetLoss = targetLoss;
      return this;
    }

    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public TrainingConfig build() {
      return new TrainingConfig(epochs, batchSize, targetLoss, shuffle, seed);
    }
  }
}
