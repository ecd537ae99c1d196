package dev.nabla.spark;

import dev.nabla.checkpoint.Checkpoint;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.BatchGradient;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingSession;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;

/**
 * One round of local SGD on one partition: from the averaged state, up to {@code localSteps} steps
 * on the partition's own batches of the epoch, each step a whole update with the partition's own
 * optimizer state.
 */
final class LocalRoundTask implements Function2<Integer, Iterator<Shard>, Iterator<LocalResult>> {
  private static final long serialVersionUID = 1L;

  private final RunPlan plan;
  private final NamedTensors state;
  private final HashMap<String, Double> scalars;
  private final int epoch;
  private final int round;
  private final int localSteps;
  private final long step;

  LocalRoundTask(
      RunPlan plan, Checkpoint checkpoint, int epoch, int round, int localSteps, long step) {
    this.plan = plan;
    this.state = NamedTensors.of(checkpoint.tensors());
    this.scalars = new HashMap<>(checkpoint.scalars());
    this.epoch = epoch;
    this.round = round;
    this.localSteps = localSteps;
    this.step = step;
  }

  /**
   * The batches of partition {@code partition}: its own seeded order, {@code (seed, partition)}.
   */
  static TrainingConfig localConfig(TrainingConfig config, int partition) {
    long seed = config.seed() * 0x9E3779B97F4A7C15L + partition + 1;
    return config.toBuilder().seed(seed).build();
  }

  /** How many local steps partition of {@code rows} rows takes per epoch. */
  static int localBatches(TrainingConfig config, int rows) {
    return rows == 0 ? 0 : config.batchesPerEpoch(rows);
  }

  @Override
  public Iterator<LocalResult> call(Integer partition, Iterator<Shard> shards) {
    TestHooks.maybeFail(step, partition);
    if (!shards.hasNext()) {
      return Collections.emptyIterator();
    }
    Shard shard = shards.next();
    Replicas.Replica replica = Replicas.of(plan.run(), partition, plan.recipeJson(), plan.width());
    TrainingConfig config = localConfig(replica.recipe.training(), partition);
    int[] training = replica.split(plan.offsets()[partition], shard.rows, plan.total()).training();
    int rows = training.length;
    int batches = localBatches(config, rows);
    int first = round * localSteps;
    int last = Math.min(first + localSteps, batches);
    if (first >= last) {
      return Collections.emptyIterator();
    }
    int batchSize = Math.min(config.batchSize(), rows);
    int used = Math.min(rows, batches * batchSize);
    int[] order = config.epochOrder(epoch, rows);
    // The partition's training rows, without those the validation split holds out.
    for (int at = 0; at < used; at++) {
      order[at] = training[order[at]];
    }
    long started = System.nanoTime();
    TrainingSession session =
        replica.trainer.resumeSession(replica.network, new Checkpoint(scalars, state.toMap()));
    DType dtype = replica.network.dtype();
    int samples = 0;
    double lossSum = 0;
    EpochMetrics metrics = EpochMetrics.empty(plan.classes(), plan.outputs());
    for (int batch = first; batch < last; batch++) {
      int[] local =
          Arrays.copyOfRange(order, batch * batchSize, Math.min(used, (batch + 1) * batchSize));
      Tensor targets = shard.targets(local, dtype, plan.classes(), plan.outputs());
      Tensor predictions = Tensor.zeros(dtype, local.length, plan.outputs());
      BatchGradient gradient = session.gradient(shard.inputs(local, dtype), targets, predictions);
      metrics.add(predictions, targets);
      session.apply(gradient);
      samples += gradient.samples();
      lossSum += gradient.lossSum();
    }
    return List.of(
            new LocalResult(
                partition,
                NamedTensors.of(session.checkpoint().tensors()),
                samples,
                lossSum,
                metrics,
                last - first,
                System.nanoTime() - started))
        .iterator();
  }
}
