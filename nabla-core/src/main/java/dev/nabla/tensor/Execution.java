package dev.nabla.tensor;

import java.util.Objects;

/**
 * How a network's or a training session's arithmetic runs: which {@link MatrixBackend} does the
 * matrix products, and on how many threads Nabla's own work may spread (the tuned Java kernels' row
 * blocks, {@code predict}'s blocks). A native backend threads its products as its library is set
 * to.
 *
 * <p>Without one, a network uses the process's choice ({@link MatrixBackends#current()}, every
 * core). With one, a Spark executor can keep to the cores it was given, and a browser can run
 * single-threaded on the reference kernels, without changing what other networks in the process do.
 *
 * @param backend the products' backend, e.g. {@code MatrixBackends.named("java")}
 * @param threads at least 1
 */
public record Execution(MatrixBackend backend, int threads) {
  public Execution {
    Objects.requireNonNull(backend, "backend");
    if (threads < 1) {
      throw new IllegalArgumentException("an execution needs at least 1 thread, got " + threads);
    }
  }

  /** The backend of that name (see {@link MatrixBackends#named}) on {@code threads} threads. */
  public static Execution of(String backend, int threads) {
    return new Execution(MatrixBackends.named(backend), threads);
  }

  /** The plain reference kernels on the calling thread alone: no native code, no thread pool. */
  public static Execution singleThreaded() {
    return new Execution(new JavaBackend(), 1);
  }

  /** {@code java on 1 thread}. */
  @Override
  public String toString() {
    return backend.name() + " on " + threads + (threads == 1 ? " thread" : " threads");
  }
}
