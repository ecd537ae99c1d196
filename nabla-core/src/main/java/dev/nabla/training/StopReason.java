package dev.nabla.training;

/** Why training stopped. */
public enum StopReason {
  /** The configured number of epochs ran. */
  EPOCH_LIMIT,
  /** An epoch's loss reached the target loss. */
  TARGET_LOSS_REACHED,
  /** The monitored value stopped improving. */
  EARLY_STOPPED
}
