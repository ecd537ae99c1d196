package dev.nabla.layers;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;

/** Checks on the batches handed to a layer's buffer-writing passes. */
final class Batches {
  private Batches() {}

  /**
   * Checks that {@code given} is a {@code [rows × columns]} batch of {@code dtype}. The message is
   * built only on failure: a training step calls this for every layer, and allocates nothing.
   *
   * @throws ShapeException naming {@code what}, the shape expected and the shape given
   * @throws IllegalArgumentException if the shape fits but the precision does not
   */
  static void require(Object layer, String what, Tensor given, DType dtype, int rows, int columns) {
    if (given.shape().rank() != 2 || given.rows() != rows || given.columns() != columns) {
      throw ShapeException.expected(
          layer + " " + what, "[" + rows + " × " + columns + "]", given.shape());
    }
    if (given.dtype() != dtype) {
      throw new IllegalArgumentException(
          layer + " " + what + " must be " + dtype + ", got " + given.dtype());
    }
  }
}
