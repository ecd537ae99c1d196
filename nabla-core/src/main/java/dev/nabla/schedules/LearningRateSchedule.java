package dev.nabla.schedules;

import java.util.Map;

/** The learning rate of each epoch. */
public interface LearningRateSchedule {
  /**
   * The rate for an epoch.
   *
   * @param epoch counted from 0
   * @param baseRate the optimizer's configured learning rate
   */
  double learningRate(int epoch, double baseRate);

  /** Told the monitored value (validation or training loss) at the end of each epoch. */
  default void observe(double monitored) {}

  /** The schedule's mutable state, for checkpoints; empty for schedules that have none. */
  default Map<String, Double> state() {
    return Map.of();
  }

  /** Restores a state saved by {@link #state()}. */
  default void loadState(Map<String, Double> state) {}

  /**
   * The same schedule with its state as new, for a new training run: every run of a trainer starts
   * from one. A schedule without state (every closed-form one) may return itself, which the default
   * does; a schedule with state must override this.
   *
   * @throws UnsupportedOperationException if the schedule has state and does not override it
   */
  default LearningRateSchedule fresh() {
    if (!state().isEmpty()) {
      throw new UnsupportedOperationException(
          getClass().getName()
              + " keeps state but does not override fresh(), so a second run would continue the"
              + " first one's: override fresh() to return a schedule as new");
    }
    return this;
  }
}
