package dev.nabla.training;

/** Receives training events: how a caller shows progress, since the library never prints. */
public interface TrainingListener {
  /** A listener that ignores every event. */
  TrainingListener NONE = event -> {};

  /** Called after every epoch, including the last. */
  void onEpochEnd(EpochEnd event);

  /**
   * Called after every epoch with the session, for listeners that need more than the event, such as
   * one that saves {@link TrainingSession#checkpoint()}; by default it calls {@link
   * #onEpochEnd(EpochEnd)}.
   */
  default void onEpochEnd(TrainingSession session, EpochEnd event) {
    onEpochEnd(event);
  }

  /** Called after every step; ignored unless overridden. */
  default void onBatchEnd(BatchEnd event) {}
}
