package dev.nabla.spark;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults that tests inject into a run in local mode, where tasks and driver share this JVM: a task
 * that fails once, and a driver that stops after a step. Unset, they cost one read per step.
 */
final class TestHooks {
  /** The step whose task on partition {@link #failPartition} throws once; -1 for none. */
  static final AtomicLong FAIL_STEP = new AtomicLong(-1);

  static volatile int failPartition;

  /** The driver throws {@link DriverStopped} after this step; -1 for never. */
  static final AtomicLong STOP_AFTER_STEP = new AtomicLong(-1);

  private TestHooks() {}

  /** Thrown by the driver when a test stops it, as a crash would. */
  static final class DriverStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DriverStopped(long step) {
      super("the test stopped the driver after step " + step);
    }
  }

  static void maybeFail(long step, int partition) {
    if (partition == failPartition && FAIL_STEP.compareAndSet(step, -1)) {
      throw new IllegalStateException(
          "injected failure of the task of partition " + partition + " at step " + step);
    }
  }

  static void maybeStop(long step) {
    if (STOP_AFTER_STEP.compareAndSet(step, -1)) {
      throw new DriverStopped(step);
    }
  }
}
