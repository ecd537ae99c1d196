package dev.nabla.layers;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import java.util.Objects;

/**
 * A tensor a layer owns, described before it exists: its shape, its precision, and whether it is a
 * trainable parameter or a buffer (state a saved model keeps, such as running statistics).
 */
public record TensorSpec(Shape shape, DType dtype, boolean trainable) {
  public TensorSpec {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(dtype, "dtype");
  }

  public static TensorSpec parameter(DType dtype, int... dimensions) {
    return new TensorSpec(Shape.of(dimensions), dtype, true);
  }

  public static TensorSpec buffer(DType dtype, int... dimensions) {
    return new TensorSpec(Shape.of(dimensions), dtype, false);
  }
}
