package dev.nabla.losses;

/** Factories for every loss with the {@link Reduction#MEAN} reduction, PyTorch's default. */
public final class Losses {
  private Losses() {}

  /** {@code ½·Σ(y − ŷ)²} per sample, averaged over samples (seed notebook 000's loss). */
  public static HalfSquaredError halfSquaredError() {
    return new HalfSquaredError(Reduction.MEAN);
  }

  public static MeanSquaredError meanSquaredError() {
    return new MeanSquaredError(Reduction.MEAN);
  }

  public static MeanAbsoluteError meanAbsoluteError() {
    return new MeanAbsoluteError(Reduction.MEAN);
  }

  /** Huber loss with δ = 1. */
  public static Huber huber() {
    return new Huber(Huber.DEFAULT_DELTA, Reduction.MEAN);
  }

  public static Huber huber(double delta) {
    return new Huber(delta, Reduction.MEAN);
  }

  /** Softmax cross-entropy on logits: the loss for a classifier whose last layer is linear. */
  public static SoftmaxCrossEntropy softmaxCrossEntropy() {
    return new SoftmaxCrossEntropy(Reduction.MEAN);
  }

  /** Cross-entropy on probabilities, for a classifier whose last layer is a softmax. */
  public static CategoricalCrossEntropy categoricalCrossEntropy() {
    return new CategoricalCrossEntropy(Reduction.MEAN);
  }

  public static BinaryCrossEntropy binaryCrossEntropy() {
    return new BinaryCrossEntropy(Reduction.MEAN);
  }

  public static BinaryCrossEntropyWithLogits binaryCrossEntropyWithLogits() {
    return new BinaryCrossEntropyWithLogits(Reduction.MEAN);
  }
}
