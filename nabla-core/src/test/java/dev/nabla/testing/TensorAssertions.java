package dev.nabla.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.tensor.Tensor;

/** Element-wise comparisons that name the element at fault. */
public final class TensorAssertions {
  private TensorAssertions() {}

  public static void assertClose(
      double[][] expected, Tensor actual, double tolerance, String what) {
    assertEquals(expected.length, actual.rows(), what + ": rows");
    for (int row = 0; row < expected.length; row++) {
      assertEquals(expected[row].length, actual.columns(), what + ": columns");
      for (int column = 0; column < expected[row].length; column++) {
        assertClose(expected[row][column], actual.get(row, column), tolerance, what, row, column);
      }
    }
  }

  public static void assertClose(
      double[][] expected, double[][] actual, double tolerance, String what) {
    assertEquals(expected.length, actual.length, what + ": rows");
    for (int row = 0; row < expected.length; row++) {
      assertEquals(expected[row].length, actual[row].length, what + ": columns");
      for (int column = 0; column < expected[row].length; column++) {
        assertClose(expected[row][column], actual[row][column], tolerance, what, row, column);
      }
    }
  }

  /** A vector against a tensor's single row or its flat elements. */
  public static void assertClose(double[] expected, Tensor actual, double tolerance, String what) {
    assertEquals(expected.length, actual.size(), what + ": size");
    for (int index = 0; index < expected.length; index++) {
      assertClose(expected[index], actual.get(index), tolerance, what, 0, index);
    }
  }

  /** Two tensors of one shape, element by element. */
  public static void assertClose(Tensor expected, Tensor actual, double tolerance, String what) {
    assertEquals(expected.shape(), actual.shape(), what + ": shape");
    for (int index = 0; index < expected.size(); index++) {
      assertClose(
          expected.get(index),
          actual.get(index),
          tolerance,
          what,
          index / expected.columns(),
          index % expected.columns());
    }
  }

  private static void assertClose(
      double expected, double actual, double tolerance, String what, int row, int column) {
    if (!(Math.abs(expected - actual) <= tolerance)) {
      fail(
          String.format(
              "%s[%d][%d]: expected %s, got %s (difference %.3e > %.1e)",
              what, row, column, expected, actual, Math.abs(expected - actual), tolerance));
    }
  }
}
