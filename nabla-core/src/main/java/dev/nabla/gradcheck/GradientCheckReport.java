package dev.nabla.gradcheck;

import java.util.List;
import java.util.Locale;

/**
 * The result of a gradient check: one {@link TensorCheck} per parameter tensor, and one for the
 * input.
 */
public record GradientCheckReport(List<TensorCheck> tensors, double step) {
  public GradientCheckReport {
    tensors = List.copyOf(tensors);
  }

  /** The largest error over every tensor (NaN if any comparison was NaN). */
  public double maxError() {
    double max = 0;
    for (TensorCheck tensor : tensors) {
      if (Double.isNaN(tensor.maxError())) {
        return Double.NaN;
      }
      max = Math.max(max, tensor.maxError());
    }
    return max;
  }

  /** Whether every tensor's error is at most {@code tolerance}. */
  public boolean passes(double tolerance) {
    return maxError() <= tolerance;
  }

  /** The check of the tensor with that name. */
  public TensorCheck tensor(String name) {
    for (TensorCheck tensor : tensors) {
      if (tensor.name().equals(name)) {
        return tensor;
      }
    }
    throw new IllegalArgumentException("no tensor named '" + name + "' in this report");
  }

  /** A table: name, size, max error, and where it is. */
  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-24s %8s %12s %8s %16s %16s%n",
                "tensor",
                "size",
                "max error",
                "at",
                "backprop",
                "numeric"));
    for (TensorCheck tensor : tensors) {
      text.append(
          String.format(
              Locale.ROOT,
              "%-24s %8d %12.3e %8d %16.9g %16.9g%n",
              tensor.name(),
              tensor.size(),
              tensor.maxError(),
              tensor.worstIndex(),
              tensor.analytic(),
              tensor.numeric()));
    }
    return text.append(String.format(Locale.ROOT, "central differences, step %.1e%n", step))
        .toString();
  }
}
