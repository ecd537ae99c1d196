package dev.nabla.training;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How every epoch of a run is cut into batches: the epoch's seeded order of the samples, and each
 * batch's gathered inputs and targets, in buffers allocated once per batch size so that a training
 * step allocates nothing.
 */
final class EpochBatches {
  final int samples;
  final int batchSize;
  final int batches;

  /** Samples the epoch uses: all, unless a last partial batch is dropped. */
  final int used;

  private final Tensor inputs;
  private final Tensor targets;
  private final int[] order;
  private Tensor batchInputs;
  private Tensor batchTargets;
  private Tensor gradient;

  EpochBatches(Tensor inputs, Tensor targets, TrainingConfig config) {
    this.inputs = inputs;
    this.targets = targets;
    this.samples = inputs.rows();
    this.batchSize = Math.min(config.batchSize(), samples);
    this.batches = batches(config, samples);
    this.used = Math.min(samples, batches * batchSize);
    this.order = new int[samples];
  }

  /** How many batches an epoch of {@code samples} samples takes. */
  static int batches(TrainingConfig config, int samples) {
    int batchSize = Math.min(config.batchSize(), samples);
    return config.dropLastPartialBatch()
        ? Math.max(1, samples / batchSize)
        : (samples + batchSize - 1) / batchSize;
  }

  /** Draws epoch {@code epoch}'s order, from a stream seeded by {@code (seed, epoch)}. */
  void order(int epoch, TrainingConfig config) {
    order(config, epoch, order, batches);
  }

  /** Fills {@code order} with epoch {@code epoch}'s order of its {@code order.length} samples. */
  static void order(TrainingConfig config, int epoch, int[] order, int batches) {
    for (int index = 0; index < order.length; index++) {
      order[index] = index;
    }
    // One batch sees every sample whatever the order, so it is neither shuffled nor copied.
    if (config.shuffle() && batches > 1) {
      shuffle(order, new SplittableRandom(epochSeed(config.seed(), epoch)));
    }
  }

  /** The first sample (in the epoch's order) of batch {@code index}, counted from 0. */
  int from(int index) {
    return index * batchSize;
  }

  /** One past the last sample of batch {@code index}. */
  int to(int index) {
    return Math.min(from(index) + batchSize, used);
  }

  /** The rows of the data that batch {@code index} takes, new. */
  int[] indices(int index) {
    return Arrays.copyOfRange(order, from(index), to(index));
  }

  /**
   * Gathers batch {@code index}: afterwards {@link #inputs()} and {@link #targets()} hold it. The
   * whole data set, when it is the only batch, is used where it is.
   */
  void gather(int index) {
    if (batches == 1 && used == samples) {
      batchInputs = inputs;
      batchTargets = targets;
      return;
    }
    int from = from(index);
    int to = to(index);
    if (batchInputs == null || batchInputs == inputs || batchInputs.rows() != to - from) {
      batchInputs = Tensor.zeros(inputs.dtype(), to - from, inputs.columns());
      batchTargets = Tensor.zeros(targets.dtype(), to - from, targets.columns());
    }
    inputs.gatherRows(order, from, to, batchInputs);
    targets.gatherRows(order, from, to, batchTargets);
  }

  /**
   * Gathers the samples {@code from … to−1} of the epoch's order into {@code inputs} and {@code
   * targets} (from {@link #newInputs} and {@link #newTargets}): one shard of a batch.
   */
  void gather(int from, int to, Tensor inputs, Tensor targets) {
    this.inputs.gatherRows(order, from, to, inputs);
    this.targets.gatherRows(order, from, to, targets);
  }

  /** A buffer for {@code rows} samples' inputs. */
  Tensor newInputs(int rows) {
    return Tensor.zeros(inputs.dtype(), rows, inputs.columns());
  }

  /** A buffer for {@code rows} samples' targets. */
  Tensor newTargets(int rows) {
    return Tensor.zeros(targets.dtype(), rows, targets.columns());
  }

  Tensor inputs() {
    return batchInputs;
  }

  Tensor targets() {
    return batchTargets;
  }

  /** The buffer for ∂L/∂prediction, reallocated only when the prediction's shape changes. */
  Tensor gradient(Tensor prediction) {
    if (gradient == null || !gradient.shape().equals(prediction.shape())) {
      gradient = Tensor.zeros(prediction.dtype(), prediction.shape());
    }
    return gradient;
  }

  /** SplitMix64's finaliser over (seed, epoch): well-separated streams for nearby epochs. */
  static long epochSeed(long seed, int epoch) {
    long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Fisher–Yates: every order equally likely, drawn from {@code random}. */
  static void shuffle(int[] order, SplittableRandom random) {
    for (int index = order.length - 1; index > 0; index--) {
      int other = random.nextInt(index + 1);
      int swap = order[index];
      order[index] = order[other];
      order[other] = swap;
    }
  }
}
