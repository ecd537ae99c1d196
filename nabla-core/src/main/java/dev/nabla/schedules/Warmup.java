package dev.nabla.schedules;

import java.util.Map;
import java.util.Objects;

/** Linear warm-up composed with another schedule; see {@link Schedules#warmup}. */
final class Warmup implements LearningRateSchedule {
  private final int warmupEpochs;
  private final LearningRateSchedule after;
  private int observed;

  Warmup(int warmupEpochs, LearningRateSchedule after) {
    if (warmupEpochs < 1) {
      throw new IllegalArgumentException("warmupEpochs must be ≥ 1, got " + warmupEpochs);
    }
    this.warmupEpochs = warmupEpochs;
    this.after = Objects.requireNonNull(after, "after");
  }

  @Override
  public double learningRate(int epoch, double baseRate) {
    return epoch < warmupEpochs
        ? baseRate * (epoch + 1) / warmupEpochs
        : after.learningRate(epoch - warmupEpochs, baseRate);
  }

  /** Epochs of the warm-up are not shown to the schedule that follows. */
  @Override
  public void observe(double monitored) {
    if (observed++ >= warmupEpochs) {
      after.observe(monitored);
    }
  }

  @Override
  public LearningRateSchedule fresh() {
    return new Warmup(warmupEpochs, after.fresh());
  }

  @Override
  public Map<String, Double> state() {
    Map<String, Double> state = new java.util.LinkedHashMap<>();
    state.put("warmup.observed", (double) observed);
    after.state().forEach((key, value) -> state.put("after." + key, value));
    return state;
  }

  @Override
  public void loadState(Map<String, Double> state) {
    observed = state.getOrDefault("warmup.observed", 0.0).intValue();
    Map<String, Double> inner = new java.util.LinkedHashMap<>();
    state.forEach(
        (key, value) -> {
          if (key.startsWith("after.")) {
            inner.put(key.substring("after.".length()), value);
          }
        });
    after.loadState(inner);
  }
}
