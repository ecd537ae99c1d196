package dev.nabla.testing;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.SplittableRandom;

/** Seeded random tensors for tests. */
public final class RandomTensors {
  private RandomTensors() {}

  /** Entries drawn from N(0, 1). */
  public static Tensor normal(SplittableRandom random, int rows, int columns) {
    Tensor tensor = Tensor.zeros(DType.FLOAT64, rows, columns);
    for (int index = 0; index < tensor.size(); index++) {
      tensor.set(index, random.nextGaussian());
    }
    return tensor;
  }

  /** Entries drawn from U(low, high). */
  public static Tensor uniform(
      SplittableRandom random, int rows, int columns, double low, double high) {
    Tensor tensor = Tensor.zeros(DType.FLOAT64, rows, columns);
    for (int index = 0; index < tensor.size(); index++) {
      tensor.set(index, random.nextDouble(low, high));
    }
    return tensor;
  }

  /** Each row a probability distribution (positive, summing to 1). */
  public static Tensor distributions(SplittableRandom random, int rows, int columns) {
    Tensor tensor = uniform(random, rows, columns, 0.05, 1);
    for (int row = 0; row < rows; row++) {
      double sum = 0;
      for (int column = 0; column < columns; column++) {
        sum += tensor.get(row, column);
      }
      for (int column = 0; column < columns; column++) {
        tensor.set(row, column, tensor.get(row, column) / sum);
      }
    }
    return tensor;
  }

  /** Each row one-hot, the class drawn uniformly. */
  public static Tensor oneHot(SplittableRandom random, int rows, int columns) {
    Tensor tensor = Tensor.zeros(DType.FLOAT64, rows, columns);
    for (int row = 0; row < rows; row++) {
      tensor.set(row, random.nextInt(columns), 1);
    }
    return tensor;
  }
}
