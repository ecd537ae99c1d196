package dev.nabla.spark;

import dev.nabla.losses.Reduction;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;

/**
 * The end of an epoch's validation on one partition: its held-out rows scored at the driver's
 * weights in inference mode ({@code Network.predict}, as local training's {@code Evaluator}), their
 * loss summed and the metrics' sums.
 */
final class ValidationTask
    implements Function2<Integer, Iterator<Shard>, Iterator<ValidationTask.Part>> {
  private static final long serialVersionUID = 1L;

  /** One partition's share of the validation: the sum of its samples' losses and the metrics. */
  record Part(int partition, int samples, double lossSum, EpochMetrics metrics)
      implements java.io.Serializable {}

  private final RunPlan plan;
  private final NamedTensors weights;

  ValidationTask(RunPlan plan, NamedTensors weights) {
    this.plan = plan;
    this.weights = weights;
  }

  @Override
  public Iterator<Part> call(Integer partition, Iterator<Shard> shards) {
    if (!shards.hasNext()) {
      return Collections.emptyIterator();
    }
    Shard shard = shards.next();
    if (shard.rows == 0) {
      return Collections.emptyIterator();
    }
    Replicas.Replica replica = Replicas.of(plan.run(), partition, plan.recipeJson(), plan.width());
    int[] local = replica.split(plan.offsets()[partition], shard.rows, plan.total()).validation();
    if (local.length == 0) {
      return Collections.emptyIterator();
    }
    weights.loadInto(replica.network);
    DType dtype = replica.network.dtype();
    Tensor targets = shard.targets(local, dtype, plan.classes(), plan.outputs());
    Tensor predictions = replica.network.predict(shard.inputs(local, dtype));
    double value = replica.recipe.lossFunction().value(predictions, targets);
    boolean mean = replica.recipe.lossFunction().reduction() == Reduction.MEAN;
    EpochMetrics metrics = EpochMetrics.empty(plan.classes(), plan.outputs());
    metrics.add(predictions, targets);
    return List.of(new Part(partition, local.length, mean ? value * local.length : value, metrics))
        .iterator();
  }
}
