package dev.nabla.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.tensor.JavaBackend;
import dev.nabla.tensor.MatrixBackend;
import dev.nabla.tensor.MatrixBackends;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both ways of calling OpenBLAS against the Java reference kernels on random shapes with 0, 1 and
 * more in every dimension, both precisions, replacing and accumulating. The two sum in different
 * orders, so they agree to rounding: 1e-12 in float64 and 1e-4 in float32, for sums of up to 37
 * terms of size ~1.
 */
class OpenBlasBackendTest {
  private static final int[] SIZES = {0, 1, 2, 5, 37};
  private final MatrixBackend reference = new JavaBackend();

  static Stream<MatrixBackend> backends() {
    return Stream.of(new DirectOpenBlasBackend(), new OpenBlasBackend());
  }

  @Test
  void theDirectBackendIsInUseWhenOnTheClassPath() {
    assertEquals(
        "openblas-direct", MatrixBackends.current().name(), MatrixBackends.report().toString());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void everyProductMatchesTheReferenceKernelsInFloat64(MatrixBackend fast) {
    SplittableRandom random = new SplittableRandom(1);
    for (int m : SIZES) {
      for (int n : SIZES) {
        for (int k : SIZES) {
          for (boolean accumulate : new boolean[] {false, true}) {
            for (int product = 0; product < 3; product++) {
              double[] a = random(random, m * k);
              double[] b = random(random, n * k);
              double[] start = random(random, m * n);
              double[] expected = start.clone();
              double[] actual = start.clone();
              run(reference, product, a, b, expected, m, n, k, accumulate);
              run(fast, product, a, b, actual, m, n, k, accumulate);
              for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-12, product + " " + m + "×" + n + "×" + k);
              }
            }
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void everyProductMatchesTheReferenceKernelsInFloat32(MatrixBackend fast) {
    SplittableRandom random = new SplittableRandom(2);
    for (int m : SIZES) {
      for (int n : SIZES) {
        for (int k : SIZES) {
          for (boolean accumulate : new boolean[] {false, true}) {
            for (int product = 0; product < 3; product++) {
              float[] a = toFloat(random(random, m * k));
              float[] b = toFloat(random(random, n * k));
              float[] start = toFloat(random(random, m * n));
              float[] expected = start.clone();
              float[] actual = start.clone();
              run(reference, product, a, b, expected, m, n, k, accumulate);
              run(fast, product, a, b, actual, m, n, k, accumulate);
              for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4, product + " " + m + "×" + n + "×" + k);
              }
            }
          }
        }
      }
    }
  }

  /** Product 0 is a·bᵀ, 1 is aᵀ·b, 2 is a·b; b has n·k elements in each, shaped to fit. */
  private static void run(
      MatrixBackend backend,
      int product,
      double[] a,
      double[] b,
      double[] out,
      int m,
      int n,
      int k,
      boolean accumulate) {
    switch (product) {
      case 0 -> backend.multiplyTransposedB(a, b, out, m, n, k, accumulate);
      case 1 -> backend.multiplyTransposedA(a, b, out, m, n, k, accumulate);
      default -> backend.multiply(a, b, out, m, n, k, accumulate);
    }
  }

  private static void run(
      MatrixBackend backend,
      int product,
      float[] a,
      float[] b,
      float[] out,
      int m,
      int n,
      int k,
      boolean accumulate) {
    switch (product) {
      case 0 -> backend.multiplyTransposedB(a, b, out, m, n, k, accumulate);
      case 1 -> backend.multiplyTransposedA(a, b, out, m, n, k, accumulate);
      default -> backend.multiply(a, b, out, m, n, k, accumulate);
    }
  }

  private static double[] random(SplittableRandom random, int size) {
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextGaussian();
    }
    return values;
  }

  private static float[] toFloat(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }
}
