package dev.nabla.tensor;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The process's worker threads for work split into a few equal parts, such as one data-parallel
 * training step's shards: part 0 runs on the calling thread and parts 1 … n−1 on workers, and
 * {@link #run} returns when all are done. A part's result must not depend on the thread that runs
 * it, so that when the workers are busy with another caller's work, {@code run} runs every part on
 * the calling thread, in order, and gives the same bits.
 *
 * <p>Why not a {@code ForkJoinPool}: a training step hands work over three times a millisecond, and
 * this hand-over allocates nothing and wakes a worker within a microsecond. A worker spins for
 * {@value #SPIN_NANOS} ns after its part, long enough to cover the serial work between two steps,
 * then waits on its monitor; a waiting worker costs nothing and is notified by the next {@code
 * run}. (A monitor rather than {@code LockSupport}, which TeaVM's class library, for the browser
 * build, does not have; the browser runs on one thread and never starts a worker.)
 */
public final class WorkerThreads {
  /** How long a worker waits for the next part before parking. */
  static final long SPIN_NANOS = 200_000;

  /** The work of one part. */
  @FunctionalInterface
  public interface Task {
    /** Runs part {@code part} of the work. */
    void run(int part);
  }

  private static final Object LOCK = new Object();
  private static volatile WorkerThreads shared;

  private final Worker[] workers;
  private final AtomicBoolean busy = new AtomicBoolean();

  private WorkerThreads(int count) {
    workers = new Worker[count];
    for (int index = 0; index < count; index++) {
      workers[index] = new Worker(index + 1);
      Thread thread = new Thread(workers[index], "nabla-worker-" + (index + 1));
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** The process's workers: one fewer than the processors, created when first needed. */
  public static WorkerThreads shared() {
    WorkerThreads workers = shared;
    if (workers == null) {
      synchronized (LOCK) {
        if (shared == null) {
          shared = new WorkerThreads(Runtime.getRuntime().availableProcessors() - 1);
        }
        workers = shared;
      }
    }
    return workers;
  }

  /** The most parts that run at once: the workers and the calling thread. */
  public int parallelism() {
    return workers.length + 1;
  }

  /**
   * Runs parts {@code 0 … parts−1} of {@code task}, at once when the workers are free, else one
   * after another on the calling thread; returns when all are done. If parts throw, the lowest
   * part's exception is rethrown, after every part has finished.
   *
   * @param parts at least 1; parts beyond {@link #parallelism()} run on the calling thread
   */
  public void run(int parts, Task task) {
    if (parts < 1) {
      throw new IllegalArgumentException("run needs at least one part, got " + parts);
    }
    int handed = Math.min(parts, parallelism()) - 1;
    if (handed == 0 || !busy.compareAndSet(false, true)) {
      runInOrder(0, parts, task);
      return;
    }
    try {
      for (int index = 0; index < handed; index++) {
        workers[index].start(task);
      }
      Throwable failure = null;
      try {
        task.run(0);
      } catch (Throwable thrown) {
        failure = thrown;
      }
      // The parts no worker took, after part 0, in order; their failure ranks after the workers'.
      Throwable laterFailure = null;
      try {
        runInOrder(handed + 1, parts, task);
      } catch (Throwable thrown) {
        laterFailure = thrown;
      }
      for (int index = 0; index < handed; index++) {
        Throwable thrown = workers[index].await();
        if (failure == null && thrown != null) {
          failure = thrown;
        }
      }
      if (failure == null) {
        failure = laterFailure;
      }
      rethrow(failure);
    } finally {
      busy.set(false);
    }
  }

  /** Runs the parts in order, each even if one before it threw; rethrows the first failure. */
  /**
   * One turn of a wait loop: the loop itself re-reads a volatile field. ({@code Thread.onSpinWait},
   * the CPU's pause hint, would be the usual body, but TeaVM's class library, which compiles core
   * for the browser, lacks it. The hint mostly helps a hyper-thread sibling; these waits last
   * microseconds, and after {@value #SPIN_NANOS} ns a worker waits on its monitor and a caller
   * yields.)
   */
  private static void spin() {}

  private static void runInOrder(int from, int to, Task task) {
    Throwable failure = null;
    for (int part = from; part < to; part++) {
      try {
        task.run(part);
      } catch (Throwable thrown) {
        failure = failure == null ? thrown : failure;
      }
    }
    rethrow(failure);
  }

  private static void rethrow(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }

  /** One worker thread: it runs its part of each task handed to it. */
  private static final class Worker implements Runnable {
    private final int part;

    /** Bumped by the caller to hand over a task; the worker sets {@link #done} to it when done. */
    private volatile long started;

    private volatile long done;
    private volatile boolean parked;
    private final Object monitor = new Object();
    private Task task;
    private Throwable failure;

    Worker(int part) {
      this.part = part;
    }

    /** Hands over {@code task}; the write of {@code started} publishes it. */
    void start(Task task) {
      this.task = task;
      this.failure = null;
      started = started + 1;
      // The worker announces that it waits before looking at started once more, so either it
      // sees the new task or this sees it waiting.
      if (parked) {
        synchronized (monitor) {
          monitor.notify();
        }
      }
    }

    /** Waits for the task handed over and returns what it threw, if anything. */
    Throwable await() {
      long expected = started;
      long since = System.nanoTime();
      while (done != expected) {
        // On a machine with more busy threads than cores the worker may be waiting for a core:
        // after a while, give this one up rather than spin through its time slice.
        if (System.nanoTime() - since < SPIN_NANOS) {
          spin();
        } else {
          Thread.yield();
        }
      }
      return failure;
    }

    private void waitForTask(long seen) {
      synchronized (monitor) {
        parked = true;
        try {
          while (started == seen) {
            monitor.wait();
          }
        } catch (InterruptedException interrupted) {
          // Nothing interrupts a worker on purpose: take it as a wake-up and look again.
        } finally {
          parked = false;
        }
      }
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        long waitedSince = System.nanoTime();
        while (started == seen) {
          if (System.nanoTime() - waitedSince < SPIN_NANOS) {
            spin();
          } else {
            waitForTask(seen);
            waitedSince = System.nanoTime();
          }
        }
        seen = started;
        try {
          task.run(part);
        } catch (Throwable thrown) {
          failure = thrown;
        }
        done = seen;
      }
    }
  }
}
