package dev.nabla.bench;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.MatrixOps;
import dev.nabla.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three products of the MLP's first dense layer (784 → 256) at batch 128, and at a shard's 64
 * rows. Each does 2 · rows · 784 · 256 FLOP, 51.4 MFLOP at 128 rows, so GFLOP/s = 51.4 /
 * (microseconds per operation) · 1000 there.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelBenchmark {
  static final int IN = 784;
  static final int OUT = 256;

  @Param({"FLOAT32", "FLOAT64"})
  public DType dtype;

  /**
   * The batch's rows: 128, a whole batch, or 64, 32, 16, 8, one of 2, 4, 8 or 16 shards. With
   * {@code -Dnabla.parallelism=shards}, the default, OpenBLAS runs each product on one thread, as a
   * shard's products run; {@code products} lets it thread them.
   */
  @Param({"128", "64", "32", "16", "8"})
  public int rows;

  private Tensor x;
  private Tensor weights;
  private Tensor delta;
  private Tensor z;
  private Tensor weightGradient;
  private Tensor inputGradient;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(1);
    x = random(random, rows, IN);
    weights = random(random, OUT, IN);
    delta = random(random, rows, OUT);
    z = Tensor.zeros(dtype, rows, OUT);
    weightGradient = Tensor.zeros(dtype, OUT, IN);
    inputGradient = Tensor.zeros(dtype, rows, IN);
  }

  private Tensor random(SplittableRandom random, int rows, int columns) {
    Tensor tensor = Tensor.zeros(dtype, rows, columns);
    for (int index = 0; index < tensor.size(); index++) {
      tensor.set(index, random.nextGaussian());
    }
    return tensor;
  }

  /** {@code z = x·Wᵀ}. */
  @Benchmark
  public Tensor forward() {
    MatrixOps.multiplyTransposedB(x, weights, z, false);
    return z;
  }

  /** {@code ∂L/∂W = deltaᵀ·x}. */
  @Benchmark
  public Tensor weightGradient() {
    MatrixOps.multiplyTransposedA(delta, x, weightGradient, false);
    return weightGradient;
  }

  /** {@code ∂L/∂x = delta·W}. */
  @Benchmark
  public Tensor inputGradient() {
    MatrixOps.multiply(delta, weights, inputGradient, false);
    return inputGradient;
  }
}
