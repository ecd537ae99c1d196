package dev.nabla.metrics;

import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;

/** Decodes rows of outputs or targets into class indices. */
final class Classes {
  private Classes() {}

  static void requireSameShape(String metric, Tensor predictions, Tensor targets) {
    if (predictions.shape().rank() != 2 || !predictions.shape().equals(targets.shape())) {
      throw new ShapeException(
          metric
              + ": predictions "
              + predictions.shape()
              + " and targets "
              + targets.shape()
              + " must be batches of the same shape");
    }
  }

  /** The number of classes: the columns, or 2 for a single binary column. */
  static int count(Tensor outputs) {
    return outputs.columns() == 1 ? 2 : outputs.columns();
  }

  /** The class of a row: its largest column, or (one column) whether it reaches the threshold. */
  static int of(Tensor outputs, int row, double threshold) {
    int columns = outputs.columns();
    if (columns == 1) {
      return outputs.get(row) >= threshold ? 1 : 0;
    }
    int best = 0;
    for (int column = 1; column < columns; column++) {
      if (outputs.get(row * columns + column) > outputs.get(row * columns + best)) {
        best = column;
      }
    }
    return best;
  }
}
