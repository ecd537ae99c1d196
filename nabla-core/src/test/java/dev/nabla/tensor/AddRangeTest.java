package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The sum a sharded step's threads each take a range of, and its finiteness check. */
class AddRangeTest {
  @ParameterizedTest
  @EnumSource(DType.class)
  void addsTheRangeAloneAndSaysWhetherItsSumsAreFinite(DType dtype) {
    Tensor sum = Tensor.vector(dtype, 1, 2, 3, 4, 5);
    Tensor other = Tensor.vector(dtype, 10, 20, 30, 40, 50);
    sum.addRange(other, 1, 4);
    assertTrue(sum.isFinite(0, 5));
    assertArrayEquals(new double[] {1, 22, 33, 44, 5}, sum.toDoubleArray());
    double huge = dtype == DType.FLOAT32 ? 3e38 : 1.7e308;
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, huge}) {
      Tensor overflowing = Tensor.vector(dtype, 0, 0, bad, 0, 0);
      Tensor with = Tensor.vector(dtype, 0, 0, huge, 0, 0);
      overflowing.addRange(with, 0, 5);
      assertFalse(overflowing.isFinite(0, 5), "with " + bad);
      assertFalse(overflowing.isFinite(2, 3), "with " + bad);
      // Outside the range it is not looked at.
      assertTrue(overflowing.isFinite(3, 5), "with " + bad);
      assertTrue(overflowing.isFinite(0, 2), "with " + bad);
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void refusesAnotherShapeOrPrecision(DType dtype) {
    Tensor sum = Tensor.vector(dtype, 1, 2);
    assertThrows(ShapeException.class, () -> sum.addRange(Tensor.vector(dtype, 1, 2, 3), 0, 2));
    DType other = dtype == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
    assertThrows(ShapeException.class, () -> sum.addRange(Tensor.vector(other, 1, 2), 0, 2));
  }
}
