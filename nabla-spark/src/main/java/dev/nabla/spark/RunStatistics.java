package dev.nabla.spark;

import java.io.Serializable;

/**
 * What a run cost on Spark, for tuning and for the cost model in {@code docs/spark.md}.
 *
 * @param jobs training jobs run (steps in sync mode, rounds in local SGD)
 * @param jobNanos wall time of those jobs on the driver, combining included
 * @param bytesToTasks bytes of weights (and state) sent to the tasks, 8 per number
 * @param bytesFromTasks bytes of gradients (or state) the tasks sent back, 8 per number
 */
public record RunStatistics(long jobs, long jobNanos, long bytesToTasks, long bytesFromTasks)
    implements Serializable {
  /** Mean wall time of a job in milliseconds. */
  public double millisecondsPerJob() {
    return jobs == 0 ? 0 : jobNanos / 1e6 / jobs;
  }

  /** Bytes the driver gathered per job. */
  public double bytesGatheredPerJob() {
    return jobs == 0 ? 0 : (double) bytesFromTasks / jobs;
  }

  /** Counts as a run goes. */
  static final class Counter {
    private long jobs;
    private long nanos;
    private long sent;
    private long received;

    void step(long nanos, long sent, long received) {
      this.jobs++;
      this.nanos += nanos;
      this.sent += sent;
      this.received += received;
    }

    RunStatistics snapshot() {
      return new RunStatistics(jobs, nanos, sent, received);
    }
  }
}
