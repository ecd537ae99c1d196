package dev.nabla.spark;

import java.io.Serializable;

/**
 * What a run cost on Spark, for tuning and for the cost model in {@code docs/spark.md}.
 *
 * @param jobs training jobs run (steps in sync mode, rounds in local SGD)
 * @param jobNanos wall time of those jobs on the driver, combining included
 * @param bytesToTasks bytes of weights (and state) sent to the tasks, 8 per number
 * @param bytesFromTasks bytes of gradients (or state) the tasks sent back, 8 per number
 * @param computeNanos of the jobs' wall time, the slowest task's own work in each, summed: the rest
 *     is Spark's scheduling and shipping, and the driver's combining
 * @param combineNanos of the jobs' wall time, the driver's adding and applying
 */
public record RunStatistics(
    long jobs,
    long jobNanos,
    long bytesToTasks,
    long bytesFromTasks,
    long computeNanos,
    long combineNanos)
    implements Serializable {
  /** Mean wall time of a job in milliseconds. */
  public double millisecondsPerJob() {
    return jobs == 0 ? 0 : jobNanos / 1e6 / jobs;
  }

  /** Mean time per job that was neither a task's own work nor the driver's combining. */
  public double overheadMillisecondsPerJob() {
    return jobs == 0 ? 0 : (jobNanos - computeNanos - combineNanos) / 1e6 / jobs;
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
    private long compute;
    private long combine;

    void step(long nanos, long sent, long received, long compute, long combine) {
      this.jobs++;
      this.nanos += nanos;
      this.sent += sent;
      this.received += received;
      this.compute += compute;
      this.combine += combine;
    }

    RunStatistics snapshot() {
      return new RunStatistics(jobs, nanos, sent, received, compute, combine);
    }
  }
}
