package dev.nabla.losses;

import dev.nabla.config.Suggestions;

/**
 * Factories for every loss with the {@link Reduction#MEAN} reduction, PyTorch's default, and their
 * names for command lines and model files.
 */
public final class Losses {
  /** The names {@link #parse} accepts. */
  public static final String KNOWN =
      "half_squared_error, mse, mae, huber, softmax_cross_entropy, categorical_cross_entropy,"
          + " binary_cross_entropy, binary_cross_entropy_with_logits";

  private Losses() {}

  /**
   * The loss with that name, reduction MEAN; {@code NAME:sum} for the SUM reduction.
   *
   * @throws IllegalArgumentException naming the text and listing the known names
   */
  public static Loss parse(String name) {
    String lower = name.trim().toLowerCase(java.util.Locale.ROOT);
    // NAME:sum adds the terms instead of averaging them, as seed 002 sums its per-class losses.
    if (lower.endsWith(":sum") || lower.endsWith(":mean")) {
      int colon = lower.lastIndexOf(':');
      Loss mean = parse(lower.substring(0, colon));
      return lower.endsWith(":sum") ? summed(mean) : mean;
    }
    switch (lower) {
      case "half_squared_error":
        return halfSquaredError();
      case "mse":
        return meanSquaredError();
      case "mae":
        return meanAbsoluteError();
      case "huber":
        return huber();
      case "softmax_cross_entropy":
        return softmaxCrossEntropy();
      case "categorical_cross_entropy":
        return categoricalCrossEntropy();
      case "binary_cross_entropy":
        return binaryCrossEntropy();
      case "binary_cross_entropy_with_logits":
        return binaryCrossEntropyWithLogits();
      default:
        throw new IllegalArgumentException(
            "unknown loss '"
                + name
                + "'"
                + Suggestions.didYouMean(name, java.util.List.of(KNOWN.split(",\\s*")))
                + "; known losses: "
                + KNOWN);
    }
  }

  /**
   * Whether the loss with that name takes classes (one-hot or 0/1 targets): the cross-entropies,
   * whose outputs, turned into probabilities, are what a classifier predicts. The others take
   * numbers.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static boolean takesClasses(String name) {
    return name(parse(name)).contains("cross_entropy");
  }

  /** The same loss with the {@link Reduction#SUM} reduction. */
  private static Loss summed(Loss loss) {
    Reduction sum = Reduction.SUM;
    if (loss instanceof HalfSquaredError) {
      return new HalfSquaredError(sum);
    } else if (loss instanceof MeanSquaredError) {
      return new MeanSquaredError(sum);
    } else if (loss instanceof MeanAbsoluteError) {
      return new MeanAbsoluteError(sum);
    } else if (loss instanceof Huber huber) {
      return new Huber(huber.delta(), sum);
    } else if (loss instanceof SoftmaxCrossEntropy) {
      return new SoftmaxCrossEntropy(sum);
    } else if (loss instanceof CategoricalCrossEntropy) {
      return new CategoricalCrossEntropy(sum);
    } else if (loss instanceof BinaryCrossEntropy) {
      return new BinaryCrossEntropy(sum);
    }
    return new BinaryCrossEntropyWithLogits(sum);
  }

  /**
   * The name {@link #parse} reads back, for a loss made by this class's factories or {@code parse}:
   * {@code NAME}, or {@code NAME:sum} for the {@link Reduction#SUM} reduction.
   */
  public static String name(Loss loss) {
    return loss.reduction() == Reduction.SUM ? baseName(loss) + ":sum" : baseName(loss);
  }

  private static String baseName(Loss loss) {
    if (loss instanceof HalfSquaredError) {
      return "half_squared_error";
    } else if (loss instanceof MeanSquaredError) {
      return "mse";
    } else if (loss instanceof MeanAbsoluteError) {
      return "mae";
    } else if (loss instanceof Huber) {
      return "huber";
    } else if (loss instanceof SoftmaxCrossEntropy) {
      return "softmax_cross_entropy";
    } else if (loss instanceof CategoricalCrossEntropy) {
      return "categorical_cross_entropy";
    } else if (loss instanceof BinaryCrossEntropy) {
      return "binary_cross_entropy";
    } else if (loss instanceof BinaryCrossEntropyWithLogits) {
      return "binary_cross_entropy_with_logits";
    }
    throw new IllegalArgumentException("no name for the loss " + loss);
  }

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
