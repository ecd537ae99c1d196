package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activations;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Sgd;
import dev.nabla.testing.RandomTensors;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingConfig;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A network or a session chooses its own backend and threads, leaving the process's alone. */
class ExecutionTest {
  /** The reference kernels, counting calls and noting the threads that make them. */
  static final class Counting implements MatrixBackend {
    final JavaBackend kernels = new JavaBackend();
    final AtomicInteger calls = new AtomicInteger();
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    private void count() {
      calls.incrementAndGet();
      threads.add(Thread.currentThread());
    }

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public int priority() {
      return -1;
    }

    @Override
    public void multiplyTransposedB(
        float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
      count();
      kernels.multiplyTransposedB(a, b, out, m, n, k, accumulate);
    }

    @Override
    public void multiplyTransposedA(
        float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
      count();
      kernels.multiplyTransposedA(a, b, out, m, n, k, accumulate);
    }

    @Override
    public void multiply(
        float[] a, float[] b, float[] out, int m, int n, int k, boolean accumulate) {
      count();
      kernels.multiply(a, b, out, m, n, k, accumulate);
    }

    @Override
    public void multiplyTransposedB(
        double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
      count();
      kernels.multiplyTransposedB(a, b, out, m, n, k, accumulate);
    }

    @Override
    public void multiplyTransposedA(
        double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
      count();
      kernels.multiplyTransposedA(a, b, out, m, n, k, accumulate);
    }

    @Override
    public void multiply(
        double[] a, double[] b, double[] out, int m, int n, int k, boolean accumulate) {
      count();
      kernels.multiply(a, b, out, m, n, k, accumulate);
    }
  }

  private static Network network() {
    return Network.builder(64).seed(3).dense(64, Activations.relu()).dense(10).build();
  }

  @Test
  void aNetworkRunsOnItsOwnBackendAndThreadsOnly() {
    Tensor batch = RandomTensors.normal(new SplittableRandom(1), 2000, 64);
    Counting counting = new Counting();
    Network chosen = network();
    chosen.setExecution(new Execution(counting, 1));
    Network plain = network();

    Tensor expected = plain.predict(batch);
    assertEquals(0, counting.calls.get(), "the other network kept the process's backend");
    Tensor actual = chosen.predict(batch);

    assertTrue(counting.calls.get() > 0);
    assertEquals(Set.of(Thread.currentThread()), counting.threads, "one thread: the caller's");
    assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 1e-12);
    assertNull(MatrixBackends.scoped(), "nothing is left in force on the thread");
    assertEquals(chosen.execution(), chosen.copy().execution(), "copies keep the choice");
  }

  @Test
  void aSessionTrainsOnItsOwnBackend() {
    Tensor x = RandomTensors.normal(new SplittableRandom(2), 256, 64);
    Tensor y = RandomTensors.normal(new SplittableRandom(3), 256, 10);
    Counting counting = new Counting();
    Trainer.builder(Losses.meanSquaredError(), new Sgd(0.01))
        .config(TrainingConfig.builder().epochs(2).batchSize(128).build())
        .execution(new Execution(counting, 1))
        .build()
        .fit(network(), x, y);
    assertTrue(counting.calls.get() >= 2 * 2 * 5, "forward and backward products of 4 steps");
    assertNull(MatrixBackends.scoped());
  }

  @Test
  void anUnknownBackendNameListsTheWorkingOnes() {
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> Execution.of("cuda", 1));
    assertTrue(
        unknown
            .getMessage()
            .startsWith(
                "no working matrix backend named 'cuda'; the working ones"
                    + " are [java, java-tuned"),
        unknown.getMessage());
    assertEquals("java on 1 thread", Execution.singleThreaded().toString());
    assertEquals("java-tuned", Execution.of("java-tuned", 2).backend().name());
  }
}
