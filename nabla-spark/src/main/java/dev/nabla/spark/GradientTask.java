package dev.nabla.spark;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.BatchGradient;
import dev.nabla.training.TrainingSession;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.Function2;

/**
 * One synchronous step on one partition: the gradient of the partition's share of global batch
 * {@code batch} of epoch {@code epoch} at the driver's weights, and the training metrics' sums over
 * the predictions of that forward pass.
 */
final class GradientTask implements Function2<Integer, Iterator<Shard>, Iterator<ShardGradient>> {
  private static final long serialVersionUID = 1L;

  private final RunPlan plan;
  private final NamedTensors weights;
  private final int epoch;
  private final int batch;
  private final long step;

  GradientTask(RunPlan plan, NamedTensors weights, int epoch, int batch, long step) {
    this.plan = plan;
    this.weights = weights;
    this.epoch = epoch;
    this.batch = batch;
    this.step = step;
  }

  @Override
  public Iterator<ShardGradient> call(Integer partition, Iterator<Shard> shards) {
    TestHooks.maybeFail(step, partition);
    if (!shards.hasNext()) {
      return Collections.emptyIterator();
    }
    Shard shard = shards.next();
    if (shard.rows == 0) {
      return Collections.emptyIterator();
    }
    Replicas.Replica replica = Replicas.of(plan.run(), partition, plan.recipeJson(), plan.width());
    int[] local =
        replica.globalBatches(epoch, plan.offsets()[partition], shard.rows, plan.total())[batch];
    if (local.length == 0) {
      return Collections.emptyIterator();
    }
    long started = System.nanoTime();
    weights.loadInto(replica.network);
    DType dtype = replica.network.dtype();
    TrainingSession session = replica.trainer.session(replica.network);
    Tensor targets = shard.targets(local, dtype, plan.classes(), plan.outputs());
    Tensor predictions = Tensor.zeros(dtype, local.length, plan.outputs());
    BatchGradient gradient = session.gradient(shard.inputs(local, dtype), targets, predictions);
    EpochMetrics metrics = EpochMetrics.empty(plan.classes(), plan.outputs());
    metrics.add(predictions, targets);
    Map<String, Tensor> buffers = new LinkedHashMap<>(replica.network.buffers());
    return List.of(
            new ShardGradient(
                partition,
                NamedTensors.of(gradient.sums()),
                NamedTensors.of(buffers),
                gradient.samples(),
                gradient.lossSum(),
                metrics,
                System.nanoTime() - started))
        .iterator();
  }
}
