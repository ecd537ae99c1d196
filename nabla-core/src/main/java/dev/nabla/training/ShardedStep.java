package dev.nabla.training;

import dev.nabla.layers.Parameter;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Reduction;
import dev.nabla.network.Network;
import dev.nabla.tensor.Execution;
import dev.nabla.tensor.MatrixBackends;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.WorkerThreads;
import java.util.List;

/**
 * The forward and backward half of a data-parallel training step inside one process: the batch is
 * cut into one shard per replica, each replica ({@link Network#replica}, which shares the weights)
 * runs the whole forward and backward pass of its shard on a core of its own with single-threaded
 * products, and the replicas' gradients are summed into the network's own, in a fixed order and
 * split across the cores by element. The update then runs on the network as in a one-thread step.
 *
 * <p>With the mean reduction each shard's ∂L/∂prediction is scaled by {@code shardRows / batchRows}
 * before its backward pass, so the shards' gradients add up to the batch's mean gradient: the
 * backward pass is linear in ∂L/∂prediction. The result differs from a one-thread step only in the
 * order of the sums over rows, so for a given number of shards a seed gives the same weights on
 * every run, whether or not the workers were free.
 */
final class ShardedStep {
  private final Network[] replicas;
  private final Loss loss;
  private final boolean meanReduction;

  /** {@code gradients[replica][parameter]}; replica 0 is the network, which receives the sum. */
  private final Tensor[][] gradients;

  private Execution oneThread;

  /** {@code finiteParts[part]}: the sums of that part of the elements are all finite. */
  private final boolean[] finiteParts;

  private final WorkerThreads workers;
  private final WorkerThreads.Task pass = this::pass;
  private final WorkerThreads.Task reduce = this::reduce;

  /** Each shard's buffers, for two shard sizes at most (the full batch and the last, partial). */
  private final Shard[] shards;

  // The batch in progress.
  private EpochBatches batches;
  private int batchFrom;
  private int batchRows;

  private ShardedStep(Network[] replicas, Loss loss, WorkerThreads workers) {
    this.replicas = replicas;
    this.loss = loss;
    this.meanReduction = loss.reduction() == Reduction.MEAN;
    this.workers = workers;
    int count = replicas.length;
    gradients = new Tensor[count][];
    shards = new Shard[count];
    finiteParts = new boolean[count];
    for (int replica = 0; replica < count; replica++) {
      List<Parameter> parameters = List.copyOf(replicas[replica].parameters().values());
      gradients[replica] = new Tensor[parameters.size()];
      for (int index = 0; index < parameters.size(); index++) {
        gradients[replica][index] = parameters.get(index).gradient();
      }
      shards[replica] = new Shard();
    }
  }

  /**
   * The sharded step for {@code network} with {@code replicas} shards, or null if a layer cannot be
   * replicated ({@link dev.nabla.layers.Layer#replica}) or fewer than two replicas are asked for.
   */
  static ShardedStep of(Network network, Loss loss, int replicas) {
    if (replicas < 2) {
      return null;
    }
    Network[] all = new Network[replicas];
    all[0] = network;
    for (int index = 1; index < replicas; index++) {
      all[index] = network.replica();
      if (all[index] == null) {
        return null;
      }
    }
    return new ShardedStep(all, loss, WorkerThreads.shared());
  }

  /** The threads the shards run on. */
  WorkerThreads workers() {
    return workers;
  }

  int replicas() {
    return replicas.length;
  }

  /**
   * Forward and backward passes of batch {@code index}: afterwards the network's parameters hold
   * the batch's gradient, as after a one-thread pass. Returns the batch's loss (without penalties).
   */
  double lossAndGradients(EpochBatches batches, int index) {
    this.batches = batches;
    this.batchFrom = batches.from(index);
    this.batchRows = batches.to(index) - batchFrom;
    // Each replica's products on its own thread alone, with the caller's backend.
    if (oneThread == null || oneThread.backend() != MatrixBackends.current()) {
      oneThread = new Execution(MatrixBackends.current(), 1);
    }
    workers.run(replicas.length, pass);
    workers.run(replicas.length, reduce);
    double total = 0;
    for (int replica = 0; replica < replicas.length; replica++) {
      Shard shard = shards[replica];
      total += meanReduction ? shard.loss * shard.rows / batchRows : shard.loss;
    }
    return total;
  }

  /** Copies the batch's predictions and targets into the epoch's, at its rows {@code from …}. */
  void copyPredictions(Tensor predictions, Tensor targets, int from) {
    for (int replica = 0; replica < replicas.length; replica++) {
      Shard shard = shards[replica];
      int at = from + shard.from - batchFrom;
      shard.prediction.copyRows(0, predictions, at, shard.rows);
      shard.targets.copyRows(0, targets, at, shard.rows);
    }
  }

  /** Shard {@code replica}'s rows of the batch: an equal share, the first shards one row more. */
  private int shardFrom(int replica) {
    return batchFrom + (int) ((long) batchRows * replica / replicas.length);
  }

  private void pass(int replica) {
    Execution previous = MatrixBackends.enter(oneThread);
    try {
      Shard shard = shards[replica];
      int from = shardFrom(replica);
      int to = shardFrom(replica + 1);
      shard.gather(batches, from, to);
      Network network = replicas[replica];
      network.zeroGradients();
      Tensor prediction = network.forwardShared(shard.inputs);
      shard.loss = loss.value(prediction, shard.targets);
      Tensor gradient = shard.gradient(prediction);
      loss.gradient(prediction, shard.targets, gradient);
      if (meanReduction && shard.rows != batchRows) {
        gradient.scaleInPlace((double) shard.rows / batchRows);
      }
      network.backwardParameters(gradient);
      shard.prediction = prediction;
    } finally {
      MatrixBackends.exit(previous);
    }
  }

  /**
   * Part {@code part} of every gradient's elements: replica 0's plus replicas 1, 2, … in turn;
   * notes whether the sums are all finite, for {@link #gradientsFinite}.
   */
  private void reduce(int part) {
    int parts = replicas.length;
    Tensor[] sums = gradients[0];
    boolean finite = true;
    for (int parameter = 0; parameter < sums.length; parameter++) {
      Tensor sum = sums[parameter];
      int size = sum.size();
      int from = (int) ((long) size * part / parts);
      int to = (int) ((long) size * (part + 1) / parts);
      for (int replica = 1; replica < parts; replica++) {
        sum.addRange(gradients[replica][parameter], from, to);
      }
      finite &= sum.isFinite(from, to);
    }
    finiteParts[part] = finite;
  }

  /**
   * Whether the summed gradients are all finite, as the last sum found: then the update need not
   * look at them again (a non-finite one is found and named by the update's own check).
   */
  boolean gradientsFinite() {
    for (boolean finite : finiteParts) {
      if (!finite) {
        return false;
      }
    }
    return true;
  }

  /** One replica's shard of the batch in progress, and its buffers. */
  private static final class Shard {
    Tensor inputs;
    Tensor targets;
    Tensor prediction;
    double loss;
    int from;
    int rows;

    /**
     * The buffers for the two shard sizes a run has at most (a full batch's and the last, partial
     * one's), so that alternating between them allocates nothing.
     */
    private Buffers buffers;

    private Buffers otherBuffers;

    void gather(EpochBatches batches, int from, int to) {
      int size = to - from;
      if (buffers == null || buffers.inputs.rows() != size) {
        Buffers other = otherBuffers;
        otherBuffers = buffers;
        buffers =
            other != null && other.inputs.rows() == size
                ? other
                : new Buffers(batches.newInputs(size), batches.newTargets(size));
      }
      this.from = from;
      this.rows = size;
      this.inputs = buffers.inputs;
      this.targets = buffers.targets;
      batches.gather(from, to, inputs, targets);
    }

    /** The buffer for ∂L/∂prediction of this shard. */
    Tensor gradient(Tensor prediction) {
      if (buffers.outputGradient == null
          || !buffers.outputGradient.shape().equals(prediction.shape())) {
        buffers.outputGradient = Tensor.zeros(prediction.dtype(), prediction.shape());
      }
      return buffers.outputGradient;
    }
  }

  private static final class Buffers {
    final Tensor inputs;
    final Tensor targets;
    Tensor outputGradient;

    Buffers(Tensor inputs, Tensor targets) {
      this.inputs = inputs;
      this.targets = targets;
    }
  }
}
