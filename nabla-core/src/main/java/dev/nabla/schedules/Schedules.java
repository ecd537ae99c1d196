package dev.nabla.schedules;

/**
 * The standard schedules, each PyTorch's scheduler of the same name in closed form, with the base
 * rate {@code η₀} and epoch {@code e} counted from 0.
 */
public final class Schedules {
  private Schedules() {}

  /** {@code η₀} throughout. */
  public static LearningRateSchedule constant() {
    return (epoch, baseRate) -> baseRate;
  }

  /** {@code StepLR}: {@code η₀·γ^⌊e / stepSize⌋}. */
  public static LearningRateSchedule step(int stepSize, double gamma) {
    if (stepSize < 1) {
      throw new IllegalArgumentException("stepSize must be ≥ 1, got " + stepSize);
    }
    checkGamma(gamma);
    return (epoch, baseRate) -> baseRate * Math.pow(gamma, epoch / stepSize);
  }

  /** {@code ExponentialLR}: {@code η₀·γ^e}. */
  public static LearningRateSchedule exponential(double gamma) {
    checkGamma(gamma);
    return (epoch, baseRate) -> baseRate * Math.pow(gamma, epoch);
  }

  /**
   * {@code CosineAnnealingLR} (Loshchilov and Hutter, 2017, without restarts): {@code η_min + (η₀ −
   * η_min)·(1 + cos(π·e / T))/2}, periodic beyond {@code T = maxEpochs} as PyTorch's closed form.
   */
  public static LearningRateSchedule cosine(int maxEpochs, double minimumRate) {
    if (maxEpochs < 1) {
      throw new IllegalArgumentException("maxEpochs must be ≥ 1, got " + maxEpochs);
    }
    if (!(minimumRate >= 0) || Double.isInfinite(minimumRate)) {
      throw new IllegalArgumentException("minimumRate must be finite and ≥ 0, got " + minimumRate);
    }
    return (epoch, baseRate) ->
        minimumRate + (baseRate - minimumRate) * (1 + Math.cos(Math.PI * epoch / maxEpochs)) / 2;
  }

  /**
   * Linear warm-up for {@code warmupEpochs}, then {@code after} from its own epoch 0: {@code η₀·(e
   * + 1)/warmupEpochs} for {@code e < warmupEpochs}, else {@code after(e − warmupEpochs)}.
   */
  public static LearningRateSchedule warmup(int warmupEpochs, LearningRateSchedule after) {
    return new Warmup(warmupEpochs, after);
  }

  private static void checkGamma(double gamma) {
    if (!(gamma > 0) || Double.isInfinite(gamma)) {
      throw new IllegalArgumentException("gamma must be finite and > 0, got " + gamma);
    }
  }
}
