package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The matrix kernels against their definitions written as plain sums over explicit indices, on
 * random shapes with 0 and 1 in every dimension, in both precisions.
 */
class KernelsTest {
  private static final int[] SIZES = {0, 1, 2, 3, 7};

  @Test
  void productsMatchTheirDefinitionsOnEveryShape() {
    SplittableRandom random = new SplittableRandom(11);
    for (DType dtype : DType.values()) {
      double tolerance = dtype == DType.FLOAT64 ? 1e-13 : 1e-5;
      for (int m : SIZES) {
        for (int n : SIZES) {
          for (int k : SIZES) {
            for (boolean accumulate : new boolean[] {false, true}) {
              checkProducts(random, dtype, m, n, k, accumulate, tolerance);
            }
          }
        }
      }
    }
  }

  private static void checkProducts(
      SplittableRandom random,
      DType dtype,
      int m,
      int n,
      int k,
      boolean accumulate,
      double tolerance) {
    String where = dtype + " m=" + m + " n=" + n + " k=" + k + " accumulate=" + accumulate;
    Tensor a = random(random, dtype, m, k);
    Tensor bTransposed = random(random, dtype, n, k);
    Tensor aTransposed = random(random, dtype, k, m);
    Tensor b = random(random, dtype, k, n);
    Tensor start = random(random, dtype, m, n);

    Tensor out = start.copy();
    MatrixOps.multiplyTransposedB(a, bTransposed, out, accumulate);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = accumulate ? start.get(i, j) : 0;
        for (int p = 0; p < k; p++) {
          sum += a.get(i, p) * bTransposed.get(j, p);
        }
        assertEquals(sum, out.get(i, j), tolerance, "a·bᵀ " + where);
      }
    }

    out = start.copy();
    MatrixOps.multiplyTransposedA(aTransposed, b, out, accumulate);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = accumulate ? start.get(i, j) : 0;
        for (int p = 0; p < k; p++) {
          sum += aTransposed.get(p, i) * b.get(p, j);
        }
        assertEquals(sum, out.get(i, j), tolerance, "aᵀ·b " + where);
      }
    }

    out = start.copy();
    MatrixOps.multiply(a, b, out, accumulate);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = accumulate ? start.get(i, j) : 0;
        for (int p = 0; p < k; p++) {
          sum += a.get(i, p) * b.get(p, j);
        }
        assertEquals(sum, out.get(i, j), tolerance, "a·b " + where);
      }
    }
  }

  @Test
  void biasAddAndRowSumsMatchTheirDefinitions() {
    SplittableRandom random = new SplittableRandom(12);
    for (DType dtype : DType.values()) {
      for (int m : SIZES) {
        for (int n : SIZES) {
          Tensor matrix = random(random, dtype, m, n);
          Tensor row = Tensor.zeros(dtype, n);
          for (int j = 0; j < n; j++) {
            row.set(j, random.nextGaussian());
          }
          Tensor added = matrix.copy();
          MatrixOps.addToEachRow(added, row);
          Tensor sums = row.copy();
          MatrixOps.sumRows(matrix, sums, true);
          for (int j = 0; j < n; j++) {
            double sum = row.get(j);
            for (int i = 0; i < m; i++) {
              assertEquals(matrix.get(i, j) + row.get(j), added.get(i, j), 1e-6, "bias add");
              sum += matrix.get(i, j);
            }
            assertEquals(sum, sums.get(j), 1e-5, "row sums " + dtype + " " + m + "×" + n);
          }
        }
      }
    }
  }

  @Test
  void float32ProductsAgreeWithFloat64WithinFloat32Rounding() {
    SplittableRandom random = new SplittableRandom(13);
    Tensor a = random(random, DType.FLOAT64, 16, 64);
    Tensor b = random(random, DType.FLOAT64, 32, 64);
    Tensor exact = Tensor.zeros(DType.FLOAT64, 16, 32);
    Tensor single = Tensor.zeros(DType.FLOAT32, 16, 32);

    MatrixOps.multiplyTransposedB(a, b, exact, false);
    MatrixOps.multiplyTransposedB(a.to(DType.FLOAT32), b.to(DType.FLOAT32), single, false);

    // 64 products of N(0,1) values: |sum| ~ 8, and float32 rounding is ~6e-8 per operation.
    for (int index = 0; index < exact.size(); index++) {
      assertEquals(exact.get(index), single.get(index), 1e-4, "element " + index);
    }
  }

  @Test
  void mismatchedShapesAreRejectedBeforeAnythingIsWritten() {
    Tensor a = Tensor.zeros(DType.FLOAT64, 2, 3);
    Tensor b = Tensor.zeros(DType.FLOAT64, 4, 5);
    Tensor out = Tensor.zeros(DType.FLOAT64, 2, 4);
    out.fill(7);

    ShapeException error =
        assertThrows(ShapeException.class, () -> MatrixOps.multiplyTransposedB(a, b, out, false));

    assertTrue(
        error.getMessage().contains("a [2 × 3], b [4 × 5] and out [2 × 4]"), error.getMessage());
    assertEquals(7 * 8, out.sum(), "out untouched");
  }

  @Test
  void mixedPrecisionsAreRejectedWithAWayOut() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                MatrixOps.multiply(
                    Tensor.zeros(DType.FLOAT64, 2, 2),
                    Tensor.zeros(DType.FLOAT32, 2, 2),
                    Tensor.zeros(DType.FLOAT64, 2, 2),
                    false));
    assertTrue(error.getMessage().contains("to(DType)"), error.getMessage());
  }

  private static Tensor random(SplittableRandom random, DType dtype, int rows, int columns) {
    Tensor tensor = Tensor.zeros(dtype, rows, columns);
    for (int index = 0; index < tensor.size(); index++) {
      tensor.set(index, random.nextGaussian());
    }
    return tensor;
  }
}
