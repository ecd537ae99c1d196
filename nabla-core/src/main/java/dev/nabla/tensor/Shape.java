package dev.nabla.tensor;

import java.util.Arrays;

/**
 * The dimensions of a tensor: rank 1 ({@code [n]}) or rank 2 ({@code [rows × columns]}).
 *
 * <p>Shapes print one way everywhere, {@code [32 × 784]}, so that every error message reads the
 * same.
 */
public final class Shape {
  private final int[] dimensions;

  private Shape(int[] dimensions) {
    this.dimensions = dimensions;
  }

  /**
   * A shape of rank 1 or 2. The array is copied.
   *
   * @throws IllegalArgumentException if the rank is not 1 or 2 or a dimension is negative
   */
  public static Shape of(int... dimensions) {
    if (dimensions.length < 1 || dimensions.length > 2) {
      throw new IllegalArgumentException("a shape has 1 or 2 dimensions, got " + dimensions.length);
    }
    for (int dimension : dimensions) {
      if (dimension < 0) {
        throw new IllegalArgumentException(
            "negative dimension in shape " + Arrays.toString(dimensions));
      }
    }
    return new Shape(dimensions.clone());
  }

  /** A rank-2 shape {@code [rows × columns]}. */
  public static Shape matrix(int rows, int columns) {
    return of(rows, columns);
  }

  /** A rank-1 shape {@code [length]}. */
  public static Shape vector(int length) {
    return of(length);
  }

  public int rank() {
    return dimensions.length;
  }

  public int dimension(int axis) {
    return dimensions[axis];
  }

  /** Rows of a matrix; 1 for a vector, which is read as a single row. */
  public int rows() {
    return dimensions.length == 2 ? dimensions[0] : 1;
  }

  /** Columns of a matrix; the length of a vector. */
  public int columns() {
    return dimensions[dimensions.length - 1];
  }

  /** The number of elements, the product of the dimensions. */
  public int size() {
    long size = 1;
    for (int dimension : dimensions) {
      size *= dimension;
    }
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape " + this + " has more than 2^31-1 elements");
    }
    return (int) size;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Shape && Arrays.equals(dimensions, ((Shape) other).dimensions);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dimensions);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("[");
    for (int axis = 0; axis < dimensions.length; axis++) {
      if (axis > 0) {
        text.append(" × ");
      }
      text.append(dimensions[axis]);
    }
    return text.append(']').toString();
  }
}
