package dev.nabla.training;

import dev.nabla.losses.Reduction;
import dev.nabla.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The gradient of the loss over some samples, as a value that adds up across the shards of a batch:
 * what one replica of data-parallel training sends, and what {@link
 * TrainingSession#apply(BatchGradient)} applies.
 *
 * <p>It holds sums, whatever the loss's reduction: {@code sums} is {@code ∂(Σᵢ ℓᵢ)/∂θ} over its
 * samples and {@code lossSum} is {@code Σᵢ ℓᵢ}, where {@code ℓᵢ} is sample i's share of the loss.
 * For a loss with {@link Reduction#MEAN} over a shard of {@code n} samples, that is {@code n} times
 * the shard's mean gradient and loss; so shards add up, and the gradient of the whole batch is
 * {@link #gradient(String)} = {@code sums / samples} — exactly the mean over the whole batch,
 * however it was split. With {@link Reduction#SUM} the sums are the gradient itself.
 *
 * <p>Weight penalties are not in it: they belong to the parameters, not to the samples, and {@code
 * apply} adds them once.
 *
 * @param sums {@code ∂(Σᵢ ℓᵢ)/∂θ} by parameter name, in the network's order; wrapped, not copied
 * @param samples how many samples it covers, ≥ 1
 * @param lossSum {@code Σᵢ ℓᵢ} over them
 * @param reduction the loss's reduction, which says how {@code apply} turns sums into a gradient
 */
public record BatchGradient(
    Map<String, Tensor> sums, int samples, double lossSum, Reduction reduction) {
  public BatchGradient {
    sums = Collections.unmodifiableMap(new LinkedHashMap<>(sums));
    Objects.requireNonNull(reduction, "reduction");
    if (samples < 1) {
      throw new IllegalArgumentException("a gradient covers at least 1 sample, got " + samples);
    }
  }

  /**
   * The gradient of both covering the samples of both: sums, counts and losses added.
   *
   * @throws IllegalArgumentException if they hold other parameters, shapes or reductions
   */
  public BatchGradient plus(BatchGradient other) {
    if (other.reduction != reduction) {
      throw new IllegalArgumentException(
          "cannot add a " + other.reduction + " gradient to a " + reduction + " one");
    }
    if (!other.sums.keySet().equals(sums.keySet())) {
      throw new IllegalArgumentException(
          "cannot add gradients of parameters "
              + other.sums.keySet()
              + " to gradients of "
              + sums.keySet());
    }
    Map<String, Tensor> total = new LinkedHashMap<>();
    sums.forEach(
        (name, sum) -> {
          Tensor added = sum.copy();
          added.addScaledInPlace(1, other.sums.get(name));
          total.put(name, added);
        });
    return new BatchGradient(total, samples + other.samples, lossSum + other.lossSum, reduction);
  }

  /** The loss over the samples with the loss's reduction: {@code lossSum/samples} for MEAN. */
  public double loss() {
    return reduction == Reduction.MEAN ? lossSum / samples : lossSum;
  }

  /** The gradient of {@link #loss()} with respect to one parameter, new. */
  public Tensor gradient(String name) {
    Tensor sum = sums.get(name);
    if (sum == null) {
      throw new IllegalArgumentException(
          "no gradient for '" + name + "'; it holds " + sums.keySet());
    }
    Tensor gradient = sum.copy();
    if (reduction == Reduction.MEAN) {
      gradient.scaleInPlace(1.0 / samples);
    }
    return gradient;
  }
}
