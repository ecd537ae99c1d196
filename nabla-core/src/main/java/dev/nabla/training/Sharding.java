package dev.nabla.training;

import dev.nabla.network.Network;
import dev.nabla.tensor.MatrixBackends;

/**
 * How many shards a training step is split into, one replica of the network per core ({@link
 * ShardedStep}), or 1 to run it on one thread. Splitting pays when each shard's products outweigh
 * handing the shard to another core and summing the replicas' gradients afterwards; tiny networks
 * and per-sample training stay on one thread. {@code -Dnabla.shards=N} overrides the choice.
 */
public final class Sharding {
  /**
   * The fewest multiply-adds of a shard's products (forward and backward) worth a core of its own.
   * The hand-over costs a few microseconds and the sum of the gradients about a nanosecond per
   * parameter; below this the shards ran no faster than one thread (see docs/performance.md).
   */
  static final long MIN_SHARD_WORK = 2_000_000;

  /** The fewest rows of a shard. */
  static final int MIN_SHARD_ROWS = 8;

  private Sharding() {}

  /**
   * The rule in force, in one line, with what it gives for the Fashion-MNIST MLP: {@code "split
   * into up to 2 shards, ... (784-256-128-10 at batch 128: 2 shards)"}.
   */
  public static String describe() {
    if (System.getProperty("nabla.shards") != null) {
      return "split into " + System.getProperty("nabla.shards") + " shards (-Dnabla.shards)";
    }
    if (MatrixBackends.threads() < 2 || !MatrixBackends.sharding()) {
      return "on one thread ("
          + (MatrixBackends.threads() < 2 ? "one core" : "parallelism: products")
          + "); --shards N splits them";
    }
    Network mlp =
        Network.builder(784)
            .dense(256, dev.nabla.activations.Activations.relu())
            .dense(128, dev.nabla.activations.Activations.relu())
            .dense(10)
            .build();
    Network seed000 =
        Network.builder(1)
            .dense(2, dev.nabla.activations.Activations.relu())
            .dense(2, dev.nabla.activations.Activations.relu())
            .dense(1)
            .build();
    return String.format(
        java.util.Locale.ROOT,
        "split into up to %d shards, one replica per core, when each shard's products have at"
            + " least %,d multiply-adds and %d rows (784-256-128-10 at batch 128: %d; at batch 1:"
            + " %d; seed 000's 1-2-2-1: %d); train --shards N overrides",
        MatrixBackends.threads(),
        MIN_SHARD_WORK,
        MIN_SHARD_ROWS,
        replicas(mlp, 128),
        replicas(mlp, 1),
        replicas(seed000, 1));
  }

  /**
   * The shards of a step of {@code batchSize} rows of {@code network}, on the calling thread's
   * execution: 1 unless {@link MatrixBackends#sharding()}, at most {@link
   * MatrixBackends#threads()}, and only as many as keep each shard's work above {@link
   * #MIN_SHARD_WORK}.
   *
   * @throws IllegalStateException if {@code -Dnabla.shards} is not a positive whole number
   */
  public static int replicas(Network network, int batchSize) {
    String forced = System.getProperty("nabla.shards");
    if (forced != null) {
      int shards;
      try {
        shards = Integer.parseInt(forced.trim());
      } catch (NumberFormatException notNumber) {
        shards = 0;
      }
      if (shards < 1) {
        throw new IllegalStateException(
            "-Dnabla.shards=" + forced + " is not a positive whole number of shards");
      }
      return Math.max(1, Math.min(shards, batchSize));
    }
    // Threads first: an execution of one thread (the browser's) decides without looking for
    // native backends.
    if (MatrixBackends.threads() < 2 || !MatrixBackends.sharding()) {
      return 1;
    }
    // Three products per weight and row: the forward pass, ∂L/∂W and ∂L/∂input.
    long work = 3L * batchSize * network.parameterCount();
    long byWork = work / MIN_SHARD_WORK;
    long byRows = batchSize / MIN_SHARD_ROWS;
    return (int) Math.max(1, Math.min(MatrixBackends.threads(), Math.min(byWork, byRows)));
  }
}
