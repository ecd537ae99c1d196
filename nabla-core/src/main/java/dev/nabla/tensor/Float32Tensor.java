package dev.nabla.tensor;

import java.util.Arrays;

/** A tensor stored as a flat row-major {@code float[]}. */
public final class Float32Tensor extends Tensor {
  private final float[] data;

  Float32Tensor(Shape shape) {
    super(shape);
    this.data = new float[shape.size()];
  }

  private Float32Tensor(Shape shape, float[] data) {
    super(shape);
    this.data = data;
  }

  /**
   * A tensor over {@code data}, <em>wrapped</em>, not copied: writes to either are seen by both.
   *
   * @throws ShapeException if the array's length is not the shape's size
   */
  public static Float32Tensor wrap(Shape shape, float[] data) {
    if (data.length != shape.size()) {
      throw new ShapeException(
          "tensor of shape " + shape + " needs " + shape.size() + " values, got " + data.length);
    }
    return new Float32Tensor(shape, data);
  }

  /** The backing array, <em>wrapped</em>: row-major, length {@link #size()}. */
  public float[] data() {
    return data;
  }

  @Override
  public DType dtype() {
    return DType.FLOAT32;
  }

  @Override
  public double get(int index) {
    return data[index];
  }

  @Override
  public void set(int index, double value) {
    data[index] = (float) value;
  }

  @Override
  public void fill(double value) {
    Arrays.fill(data, (float) value);
  }

  @Override
  public Float32Tensor copy() {
    return new Float32Tensor(shape(), data.clone());
  }
}
