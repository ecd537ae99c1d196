package dev.nabla.tensor;

import java.util.Arrays;

/** A tensor stored as a flat row-major {@code double[]}. */
public final class Float64Tensor extends Tensor {
  private final double[] data;

  Float64Tensor(Shape shape) {
    super(shape);
    this.data = new double[shape.size()];
  }

  private Float64Tensor(Shape shape, double[] data) {
    super(shape);
    this.data = data;
  }

  /**
   * A tensor over {@code data}, <em>wrapped</em>, not copied: writes to either are seen by both.
   *
   * @throws ShapeException if the array's length is not the shape's size
   */
  public static Float64Tensor wrap(Shape shape, double[] data) {
    if (data.length != shape.size()) {
      throw new ShapeException(
          "tensor of shape " + shape + " needs " + shape.size() + " values, got " + data.length);
    }
    return new Float64Tensor(shape, data);
  }

  /** The backing array, <em>wrapped</em>: row-major, length {@link #size()}. */
  public double[] data() {
    return data;
  }

  @Override
  public DType dtype() {
    return DType.FLOAT64;
  }

  @Override
  public double get(int index) {
    return data[index];
  }

  @Override
  public void set(int index, double value) {
    data[index] = value;
  }

  @Override
  public void fill(double value) {
    Arrays.fill(data, value);
  }

  @Override
  public Float64Tensor copy() {
    return new Float64Tensor(shape(), data.clone());
  }
}
