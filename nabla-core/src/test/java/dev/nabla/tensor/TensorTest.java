package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TensorTest {
  @Test
  void shapesPrintOneWayEverywhere() {
    assertEquals("[32 × 784]", Shape.of(32, 784).toString());
    assertEquals("[10]", Shape.vector(10).toString());
  }

  @Test
  void matricesAreRowMajorAndCopied() {
    double[][] rows = {{1, 2, 3}, {4, 5, 6}};
    Tensor tensor = Tensor.matrix(DType.FLOAT64, rows);
    rows[0][0] = 100;

    assertEquals(Shape.of(2, 3), tensor.shape());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, tensor.toDoubleArray());
    assertEquals(6, tensor.get(1, 2));
  }

  @Test
  void wrappedArraysAreShared() {
    double[] data = {1, 2};
    Float64Tensor tensor = Float64Tensor.wrap(Shape.vector(2), data);
    data[0] = 5;
    assertEquals(5, tensor.get(0));
  }

  @Test
  void raggedRowsNameTheRow() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.matrix(DType.FLOAT64, new double[][] {{1, 2}, {3, 4}, {5}}));
    assertEquals("ragged matrix: row 0 has 2 columns but row 2 has 1", error.getMessage());
  }

  @Test
  void conversionRoundsToFloat32AndBack() {
    Tensor precise = Tensor.vector(DType.FLOAT64, 0.1, 1e-50, 3);
    Tensor single = precise.to(DType.FLOAT32);

    assertEquals(DType.FLOAT32, single.dtype());
    assertEquals((float) 0.1, single.get(0));
    assertEquals(0, single.get(1), "underflows to zero in float32");
    assertEquals(3, single.to(DType.FLOAT64).get(2));
  }

  @Test
  void addScaledIsAxpyAndChecksShapes() {
    for (DType dtype : DType.values()) {
      Tensor y = Tensor.vector(dtype, 1, 2);
      y.addScaledInPlace(-0.5, Tensor.vector(dtype, 2, 4));
      assertArrayEquals(new double[] {0, 0}, y.toDoubleArray());
      ShapeException error =
          assertThrows(
              ShapeException.class, () -> y.addScaledInPlace(1, Tensor.vector(dtype, 1, 2, 3)));
      assertTrue(error.getMessage().contains("[2] and [3]"), error.getMessage());
    }
  }

  @Test
  void gatherRowsDrawsABatchInTheGivenOrder() {
    Tensor data = Tensor.matrix(DType.FLOAT32, new double[][] {{0, 0}, {1, 1}, {2, 2}, {3, 3}});
    Tensor batch = data.gatherRows(new int[] {3, 1, 0, 2}, 1, 3);
    assertArrayEquals(new double[] {1, 1, 0, 0}, batch.toDoubleArray());
  }

  /** Random permutations with cycles of every length, fixed points included, in both precisions. */
  @Test
  void permutingRowsInPlaceEqualsGatheringThem() {
    SplittableRandom random = new SplittableRandom(7);
    for (DType dtype : DType.values()) {
      for (int rows : new int[] {0, 1, 2, 3, 17, 100}) {
        Tensor data = Tensor.zeros(dtype, rows, 3);
        for (int index = 0; index < data.size(); index++) {
          data.set(index, random.nextInt(1000));
        }
        int[] order = new int[rows];
        for (int row = 0; row < rows; row++) {
          order[row] = row;
        }
        for (int row = rows - 1; row > 0; row--) {
          int other = random.nextInt(row + 1);
          int swap = order[row];
          order[row] = order[other];
          order[other] = swap;
        }
        double[] expected = data.gatherRows(order, 0, rows).toDoubleArray();
        data.permuteRowsInPlace(order);
        assertArrayEquals(expected, data.toDoubleArray(), dtype + ", " + rows + " rows");
      }
    }
    Tensor two = Tensor.zeros(DType.FLOAT32, 2, 1);
    assertThrows(IllegalArgumentException.class, () -> two.permuteRowsInPlace(new int[] {1, 1}));
    assertThrows(IllegalArgumentException.class, () -> two.permuteRowsInPlace(new int[] {0}));
  }

  @Test
  void dtypeNamesParse() {
    assertEquals(DType.FLOAT32, DType.parse("Float32"));
    assertEquals(DType.FLOAT64, DType.parse("double"));
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> DType.parse("half"));
    assertEquals("unknown precision 'half'; expected float64 or float32", error.getMessage());
  }
}
