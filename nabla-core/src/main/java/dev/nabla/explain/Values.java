package dev.nabla.explain;

import dev.nabla.tensor.Tensor;

/**
 * The numbers of a matrix or vector in a derivation, row-major, in float64: a copy, independent of
 * the tensor it came from.
 *
 * @param rows the number of rows; 1 for a vector
 * @param columns the number of columns
 * @param vector whether it is a vector ({@code [n]}, such as a bias) rather than a matrix
 * @param data {@code rows × columns} values, row-major
 */
public record Values(int rows, int columns, boolean vector, double[] data) {
  /**
   * @throws IllegalArgumentException if {@code data} does not hold {@code rows × columns} values
   */
  public Values {
    if (rows < 0 || columns < 0 || (long) rows * columns != data.length) {
      throw new IllegalArgumentException(
          "values of shape [" + rows + " × " + columns + "] cannot hold " + data.length);
    }
    data = data.clone();
  }

  /** The values of a tensor, copied: a vector stays a vector, a matrix a matrix. */
  public static Values of(Tensor tensor) {
    if (tensor.shape().rank() == 1) {
      return new Values(1, tensor.size(), true, tensor.toDoubleArray());
    }
    return new Values(tensor.rows(), tensor.columns(), false, tensor.toDoubleArray());
  }

  /** A matrix from its rows, copied. */
  public static Values matrix(double[][] rows) {
    int columns = rows.length == 0 ? 0 : rows[0].length;
    double[] data = new double[rows.length * columns];
    for (int row = 0; row < rows.length; row++) {
      System.arraycopy(rows[row], 0, data, row * columns, columns);
    }
    return new Values(rows.length, columns, false, data);
  }

  /** The values, copied. */
  @Override
  public double[] data() {
    return data.clone();
  }

  /** The element at {@code row}, {@code column}. */
  public double get(int row, int column) {
    return data[row * columns + column];
  }

  /** The number of values. */
  public int size() {
    return data.length;
  }

  /** {@code [2 × 3]}, or {@code [3]} for a vector. */
  public String shape() {
    return vector ? Notation.shape(columns) : Notation.shape(rows, columns);
  }

  /** The smallest value; NaN if any is NaN or there are none. */
  public double min() {
    double min = data.length == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
    for (double value : data) {
      min = Double.isNaN(value) ? value : Math.min(min, value);
    }
    return min;
  }

  /** The largest value; NaN if any is NaN or there are none. */
  public double max() {
    double max = data.length == 0 ? Double.NaN : Double.NEGATIVE_INFINITY;
    for (double value : data) {
      max = Double.isNaN(value) ? value : Math.max(max, value);
    }
    return max;
  }

  /** The mean; NaN if there are none. */
  public double mean() {
    double sum = 0;
    for (double value : data) {
      sum += value;
    }
    return data.length == 0 ? Double.NaN : sum / data.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Values values
        && rows == values.rows
        && columns == values.columns
        && vector == values.vector
        && java.util.Arrays.equals(data, values.data);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(rows, columns, vector, java.util.Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "Values" + shape();
  }
}
