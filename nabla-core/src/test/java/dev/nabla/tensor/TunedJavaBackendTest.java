package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.testing.BackendDifferential;
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
  private final MatrixBackend tuned = new TunedJavaBackend();
  private final MatrixBackend reference = new JavaBackend();

  @Test
  void everyProductGivesTheReferenceBitsOnSmallShapes() {
    BackendDifferential.compareOnEverySize(tuned, 1, 0, 0);
  }

  @Test
  void aProductSplitAmongThreadsGivesTheReferenceBits() {
    // 70 · 130 · 200 = 1.8 million multiply-adds, over the threshold; 70 rows are not a multiple
    // of four, so the last part has a remainder.
    assertEquals(true, 70L * 130 * 200 >= TunedJavaBackend.PARALLEL_TERMS);
    BackendDifferential.compare(tuned, new SplittableRandom(2), 70, 130, 200, 0, 0);
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
      inputs.add(
          new float[][] {
            BackendDifferential.floats(random, m * k), BackendDifferential.floats(random, n * k)
          });
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
}
