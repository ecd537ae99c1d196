package dev.nabla.losses;

import dev.nabla.tensor.Tensor;

/**
 * Cross-entropy of {@code softmax(z)} against target probabilities, taking logits {@code z}, as
 * PyTorch's {@code CrossEntropyLoss} with probability targets: per sample {@code −Σⱼ yⱼ·ln
 * softmax(z)ⱼ = Σⱼ yⱼ·(lse(z) − zⱼ)}, where {@code lse(z) = m + ln Σⱼ e^(zⱼ − m)}, {@code m = max
 * z}, stays finite for any logits. {@code ∂/∂zⱼ = softmax(z)ⱼ·Σₖ yₖ − yⱼ} ({@code softmax(z) − y}
 * for one-hot targets). {@code MEAN} divides by the number of samples.
 *
 * <p>Use it on a network whose last layer is linear: the softmax is inside the loss, which is both
 * faster and more accurate than a softmax layer followed by {@link CategoricalCrossEntropy}.
 */
public record SoftmaxCrossEntropy(Reduction reduction) implements Loss {
  public SoftmaxCrossEntropy {
    java.util.Objects.requireNonNull(reduction, "reduction");
  }

  @Override
  public double value(Tensor logits, Tensor target) {
    requireSameShape(logits, target);
    int columns = logits.columns();
    double total = 0;
    for (int row = 0; row < logits.rows(); row++) {
      int start = row * columns;
      double logSumExp = logSumExp(logits, start, columns);
      for (int column = 0; column < columns; column++) {
        double y = target.get(start + column);
        if (y != 0) {
          total += y * (logSumExp - logits.get(start + column));
        }
      }
    }
    return reduction == Reduction.MEAN && logits.rows() > 0 ? total / logits.rows() : total;
  }

  @Override
  public void gradient(Tensor logits, Tensor target, Tensor gradient) {
    requireSameShape(logits, target);
    int columns = logits.columns();
    double divisor = reduction == Reduction.MEAN ? logits.rows() : 1;
    for (int row = 0; row < logits.rows(); row++) {
      int start = row * columns;
      double logSumExp = logSumExp(logits, start, columns);
      double targetSum = 0;
      for (int column = 0; column < columns; column++) {
        targetSum += target.get(start + column);
      }
      for (int column = 0; column < columns; column++) {
        double softmax = Math.exp(logits.get(start + column) - logSumExp);
        gradient.set(start + column, (softmax * targetSum - target.get(start + column)) / divisor);
      }
    }
  }

  /** {@code ln Σⱼ e^(zⱼ)} over one row, shifted by the row's maximum. */
  static double logSumExp(Tensor logits, int start, int columns) {
    double max = Double.NEGATIVE_INFINITY;
    for (int column = 0; column < columns; column++) {
      max = Math.max(max, logits.get(start + column));
    }
    double sum = 0;
    for (int column = 0; column < columns; column++) {
      sum += Math.exp(logits.get(start + column) - max);
    }
    return max + Math.log(sum);
  }

  @Override
  public String toString() {
    return "SoftmaxCrossEntropy(" + reduction + ")";
  }
}
