package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The tuned Java products give the reference kernels' bits: same sums, same order. Shapes have 0, 1
 * and more in every dimension, and one is large enough to be split among threads; each product
 * replaces and accumulates, in both precisions.
 */
class TunedJavaBackendTest {
  private static final int[] SIZES = {0, 1, 2, 5, 37};
  private final MatrixBackend tuned = new TunedJavaBackend();
  private final MatrixBackend reference = new JavaBackend();

  @Test
  void everyProductGivesTheReferenceBitsOnSmallShapes() {
    SplittableRandom random = new SplittableRandom(1);
    for (int m : SIZES) {
      for (int n : SIZES) {
        for (int k : SIZES) {
          compareAll(random, m, n, k);
        }
      }
    }
  }

  @Test
  void aProductSplitAmongThreadsGivesTheReferenceBits() {
    // 70 · 130 · 200 = 1.8 million multiply-adds, over the threshold; 70 rows are not a multiple
    // of four, so the last part has a remainder.
    assertEquals(true, 70L * 130 * 200 >= TunedJavaBackend.PARALLEL_TERMS);
    compareAll(new SplittableRandom(2), 70, 130, 200);
  }

  /** Products split among threads, started at once from the common pool's threads. */
  @Test
  void productsStartedTogetherFromPoolThreadsGiveTheReferenceBits() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    int m = 64;
    int n = 96;
    int k = 200;
    List<float[][]> inputs = new ArrayList<>();
    for (int task = 0; task < 12; task++) {
      inputs.add(new float[][] {floats(random, m * k), floats(random, n * k)});
    }
    List<Future<float[]>> results = new ArrayList<>();
    for (float[][] input : inputs) {
      results.add(
          ForkJoinPool.commonPool()
              .submit(
                  () -> {
                    float[] out = new float[m * n];
                    tuned.multiplyTransposedB(input[0], input[1], out, m, n, k, false);
                    return out;
                  }));
    }
    for (int task = 0; task < inputs.size(); task++) {
      float[] expected = new float[m * n];
      reference.multiplyTransposedB(
          inputs.get(task)[0], inputs.get(task)[1], expected, m, n, k, false);
      assertArrayEquals(expected, results.get(task).get(), "task " + task);
    }
  }

  private void compareAll(SplittableRandom random, int m, int n, int k) {
    for (boolean accumulate : new boolean[] {false, true}) {
      for (int product = 0; product < 3; product++) {
        String what = product + " " + m + "×" + n + "×" + k + (accumulate ? " accumulating" : "");
        double[] a = doubles(random, m * k);
        double[] b = doubles(random, n * k);
        double[] start = doubles(random, m * n);
        double[] expected = start.clone();
        double[] actual = start.clone();
        run(reference, product, a, b, expected, m, n, k, accumulate);
        run(tuned, product, a, b, actual, m, n, k, accumulate);
        assertArrayEquals(expected, actual, "float64 " + what);

        float[] a32 = floats(random, m * k);
        float[] b32 = floats(random, n * k);
        float[] start32 = floats(random, m * n);
        float[] expected32 = start32.clone();
        float[] actual32 = start32.clone();
        run(reference, product, a32, b32, expected32, m, n, k, accumulate);
        run(tuned, product, a32, b32, actual32, m, n, k, accumulate);
        assertArrayEquals(expected32, actual32, "float32 " + what);
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

  private static double[] doubles(SplittableRandom random, int size) {
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextGaussian();
    }
    return values;
  }

  private static float[] floats(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
}
