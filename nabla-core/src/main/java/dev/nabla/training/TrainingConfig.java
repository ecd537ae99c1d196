package dev.nabla.training;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How to train: an immutable value, validated when built, so that the same configuration and seed
 * always give the same weights.
 *
 * @param epochs the most passes over the data, ≥ 1
 * @param batchSize samples per step, ≥ 1: 1 for per-sample training, {@link #FULL_BATCH} for the
 *     whole data set in every step
 * @param dropLastPartialBatch whether a last batch smaller than {@code batchSize} is skipped
 * @param targetLoss stop as soon as an epoch's training loss is at or below this; NaN for none
 * @param shuffle whether each epoch visits the samples in a new seeded order (moot, and skipped,
 *     when one batch holds them all)
 * @param seed the seed of the shuffles and of the validation split
 * @param validationSplit the fraction of the training data held out for validation, in [0, 1);
 *     ignored when a separate validation set is given
 * @param clipValue clamp every gradient element to ±clipValue before a step; NaN for none
 * @param clipNorm scale the gradients to a global norm of at most clipNorm; NaN for none
 * @param earlyStopping when to stop on a stalled metric; null for never
 * @param divergenceFactor stop, as diverged, when a batch's loss exceeds this many times the run's
 *     first batch loss (measured before any update), > 1; NaN to watch only for NaN and infinite
 *     values. A run whose loss grows a thousandfold has blown up (a learning rate far too large)
 *     even while its numbers stay finite, and would otherwise end "successfully" with useless
 *     weights.
 */
public record TrainingConfig(
    int epochs,
    int batchSize,
    boolean dropLastPartialBatch,
    double targetLoss,
    boolean shuffle,
    long seed,
    double validationSplit,
    double clipValue,
    double clipNorm,
    EarlyStopping earlyStopping,
    double divergenceFactor) {
  /** The default {@link #divergenceFactor()}: a thousandfold rise over the first batch's loss. */
  public static final double DEFAULT_DIVERGENCE_FACTOR = 1000;

  /**
   * The batch size meaning "the whole data set", set by {@link Builder#fullBatch()}: any batch size
   * larger than the data set takes all of it in one step.
   */
  public static final int FULL_BATCH = Integer.MAX_VALUE;

  /**
   * @throws IllegalArgumentException naming the field and value at fault
   */
  public TrainingConfig {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          "batchSize must be ≥ 1 (fullBatch() takes the whole data set), got " + batchSize);
    }
    if (Double.isInfinite(targetLoss)) {
      throw new IllegalArgumentException(
          "targetLoss must be finite, or NaN for none, got " + targetLoss);
    }
    if (!(validationSplit >= 0 && validationSplit < 1)) {
      throw new IllegalArgumentException(
          "validationSplit must be in [0, 1), got " + validationSplit);
    }
    if (!Double.isNaN(clipValue) && !(clipValue > 0 && Double.isFinite(clipValue))) {
      throw new IllegalArgumentException(
          "clipValue must be finite and > 0, or NaN for none, got " + clipValue);
    }
    if (!Double.isNaN(clipNorm) && !(clipNorm > 0 && Double.isFinite(clipNorm))) {
      throw new IllegalArgumentException(
          "clipNorm must be finite and > 0, or NaN for none, got " + clipNorm);
    }
    if (!Double.isNaN(divergenceFactor) && !(divergenceFactor > 1)) {
      throw new IllegalArgumentException(
          "divergenceFactor must be > 1, or NaN for none, got " + divergenceFactor);
    }
  }

  public boolean watchesDivergence() {
    return !Double.isNaN(divergenceFactor);
  }

  /** A builder starting from 1 epoch, full batch, no target, shuffled, seed 0, no extras. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration, to change some of it. */
  public Builder toBuilder() {
    return new Builder()
        .epochs(epochs)
        .batchSize(batchSize)
        .dropLastPartialBatch(dropLastPartialBatch)
        .targetLoss(targetLoss)
        .shuffle(shuffle)
        .seed(seed)
        .validationSplit(validationSplit)
        .clipValue(clipValue)
        .clipNorm(clipNorm)
        .earlyStopping(earlyStopping)
        .divergenceFactor(divergenceFactor);
  }

  public boolean hasTargetLoss() {
    return !Double.isNaN(targetLoss);
  }

  /**
   * How many batches {@link TrainingSession#step()} cuts an epoch of {@code samples} samples into:
   * batches of {@code min(batchSize, samples)}, the last partial one dropped if asked.
   *
   * @throws IllegalArgumentException if {@code samples < 1}
   */
  public int batchesPerEpoch(int samples) {
    requireSamples(samples);
    return EpochBatches.batches(this, samples);
  }

  /**
   * The order in which {@link TrainingSession#step()} visits {@code samples} samples in epoch
   * {@code epoch} (1 for the first): batch b takes positions {@code [b·B, (b+1)·B)} of it, with
   * {@code B = min(batchSize, samples)}. A data-parallel driver that cuts the same global batches
   * as one machine uses it. New.
   *
   * @throws IllegalArgumentException if {@code samples < 1} or {@code epoch < 1}
   */
  public int[] epochOrder(int epoch, int samples) {
    requireSamples(samples);
    if (epoch < 1) {
      throw new IllegalArgumentException("epochs count from 1, got " + epoch);
    }
    int[] order = new int[samples];
    EpochBatches.order(this, epoch, order, EpochBatches.batches(this, samples));
    return order;
  }

  /**
   * How many of {@code samples} the validation split holds out: {@code ⌈validationSplit ·
   * samples⌉}, the last of {@link #splitOrder}; 0 without a split.
   *
   * @throws IllegalArgumentException if the split would leave no sample for training or validation
   */
  public int validationSamples(int samples) {
    if (validationSplit == 0) {
      return 0;
    }
    int held = (int) Math.ceil(validationSplit * samples);
    if (held < 1 || held >= samples) {
      throw new IllegalArgumentException(
          "validationSplit "
              + validationSplit
              + " of "
              + samples
              + " samples leaves "
              + (samples - held)
              + " for training and "
              + held
              + " for validation; both need at least one");
    }
    return held;
  }

  /**
   * The seeded permutation of {@code samples} that the validation split cuts: its first {@code
   * samples − validationSamples(samples)} are the training samples (training sample i is sample
   * {@code splitOrder[i]}), the rest the validation samples, in that order.
   */
  public int[] splitOrder(int samples) {
    requireSamples(samples);
    int[] order = new int[samples];
    for (int index = 0; index < samples; index++) {
      order[index] = index;
    }
    EpochBatches.shuffle(order, new SplittableRandom(EpochBatches.epochSeed(seed, 0)));
    return order;
  }

  private static void requireSamples(int samples) {
    if (samples < 1) {
      throw new IllegalArgumentException("an epoch needs at least 1 sample, got " + samples);
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "TrainingConfig(epochs=%d, batchSize=%s, dropLastPartialBatch=%s, targetLoss=%s,"
            + " shuffle=%s, seed=%d, validationSplit=%s, clipValue=%s, clipNorm=%s,"
            + " earlyStopping=%s, divergenceFactor=%s)",
        epochs,
        batchSize == FULL_BATCH ? "full" : Integer.toString(batchSize),
        dropLastPartialBatch,
        hasTargetLoss() ? Double.toString(targetLoss) : "none",
        shuffle,
        seed,
        validationSplit,
        Double.isNaN(clipValue) ? "none" : Double.toString(clipValue),
        Double.isNaN(clipNorm) ? "none" : Double.toString(clipNorm),
        earlyStopping == null ? "none" : earlyStopping,
        Double.isNaN(divergenceFactor) ? "none" : Double.toString(divergenceFactor));
  }

  /** Builds a {@link TrainingConfig}; validation happens in {@link #build()}. */
  public static final class Builder {
    private int epochs = 1;
    private int batchSize = FULL_BATCH;
    private boolean dropLastPartialBatch;
    private double targetLoss = Double.NaN;
    private boolean shuffle = true;
    private long seed = 0;
    private double validationSplit;
    private double clipValue = Double.NaN;
    private double clipNorm = Double.NaN;
    private EarlyStopping earlyStopping;
    private double divergenceFactor = DEFAULT_DIVERGENCE_FACTOR;

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

    public Builder dropLastPartialBatch(boolean drop) {
      this.dropLastPartialBatch = drop;
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

    public Builder validationSplit(double fraction) {
      this.validationSplit = fraction;
      return this;
    }

    public Builder clipValue(double limit) {
      this.clipValue = limit;
      return this;
    }

    public Builder clipNorm(double maxNorm) {
      this.clipNorm = maxNorm;
      return this;
    }

    public Builder earlyStopping(EarlyStopping earlyStopping) {
      this.earlyStopping = earlyStopping;
      return this;
    }

    /** See {@link TrainingConfig#divergenceFactor()}; NaN watches only for NaN and infinities. */
    public Builder divergenceFactor(double factor) {
      this.divergenceFactor = factor;
      return this;
    }

    public TrainingConfig build() {
      return new TrainingConfig(
          epochs,
          batchSize,
          dropLastPartialBatch,
          targetLoss,
          shuffle,
          seed,
          validationSplit,
          clipValue,
          clipNorm,
          earlyStopping,
          divergenceFactor);
    }
  }
}
