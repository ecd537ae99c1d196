package dev.nabla.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nabla.tensor.JavaBackend;
import dev.nabla.tensor.MatrixBackend;
import java.util.SplittableRandom;

/**
 * A fast {@link MatrixBackend} against the plain reference kernels: all three products, replacing
 * and accumulating, in both precisions, on random operands. Shared by the tests of every backend
 * (nabla-blas reads it through nabla-core's test jar).
 */
public final class BackendDifferential {
  /** Sizes with 0, 1 and more in every dimension. */
  public static final int[] SIZES = {0, 1, 2, 5, 37};

  private static final MatrixBackend REFERENCE = new JavaBackend();

  private BackendDifferential() {}

  /**
   * Every product on every {@code m × n × k} from {@link #SIZES}. A tolerance of 0 asks for the
   * same bits; otherwise the float64 and float32 results may differ by the given amounts.
   */
  public static void compareOnEverySize(
      MatrixBackend fast, long seed, double tolerance64, double tolerance32) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int m : SIZES) {
      for (int n : SIZES) {
        for (int k : SIZES) {
          compare(fast, random, m, n, k, tolerance64, tolerance32);
        }
      }
    }
  }

  /** Every product on one shape, as {@link #compareOnEverySize}. */
  public static void compare(
      MatrixBackend fast,
      SplittableRandom random,
      int m,
      int n,
      int k,
      double tolerance64,
      double tolerance32) {
    for (boolean accumulate : new boolean[] {false, true}) {
      for (int product = 0; product < 3; product++) {
        String what =
            fast.name()
                + ", product "
                + product
                + ", "
                + m
                + "×"
                + n
                + "×"
                + k
                + (accumulate ? ", accumulating" : "");
        double[] a = doubles(random, m * k);
        double[] b = doubles(random, n * k);
        double[] start = doubles(random, m * n);
        double[] expected = start.clone();
        double[] actual = start.clone();
        run(REFERENCE, product, a, b, expected, m, n, k, accumulate);
        run(fast, product, a, b, actual, m, n, k, accumulate);
        if (tolerance64 == 0) {
          assertArrayEquals(expected, actual, "float64 " + what);
        } else {
          assertArrayEquals(expected, actual, tolerance64, "float64 " + what);
        }

        float[] a32 = floats(random, m * k);
        float[] b32 = floats(random, n * k);
        float[] start32 = floats(random, m * n);
        float[] expected32 = start32.clone();
        float[] actual32 = start32.clone();
        run(REFERENCE, product, a32, b32, expected32, m, n, k, accumulate);
        run(fast, product, a32, b32, actual32, m, n, k, accumulate);
        if (tolerance32 == 0) {
          assertArrayEquals(expected32, actual32, "float32 " + what);
        } else {
          assertArrayEquals(expected32, actual32, (float) tolerance32, "float32 " + what);
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

  public static double[] doubles(SplittableRandom random, int size) {
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextGaussian();
    }
    return values;
  }

  public static float[] floats(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
}
