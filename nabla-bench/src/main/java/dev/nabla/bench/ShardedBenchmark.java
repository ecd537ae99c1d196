package dev.nabla.bench;

import dev.nabla.activations.Activations;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Adam;
import dev.nabla.optimizers.Optimizer;
import dev.nabla.optimizers.Sgd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Execution;
import dev.nabla.tensor.MatrixBackends;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.StepResult;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingSession;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Fashion-MNIST MLP (784-256-128-10, ReLU, softmax cross-entropy, float32, batch 128) trained
 * through a {@link TrainingSession} on 1 thread and split into 2 shards, one replica per core, and
 * inference of 10,000 images on 1 and 2 threads. Run with {@code -jvmArgsAppend
 * -Dnabla.parallelism=products} to let OpenBLAS thread each product instead (then {@code threads} =
 * 1 is the earlier default). Each step also does what the trainer does around it: gathering the
 * batch and checking the loss and gradients.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ShardedBenchmark {
  @Param({"momentum", "adam"})
  public String optimizerName;

  /** Shards of a step, and threads of inference. */
  @Param({"1", "2"})
  public int threads;

  private TrainingSession session;
  private Network summed;
  private Network replica;
  private Optimizer optimizer;
  private Network inferenceNetwork;
  private Tensor images;

  private Tensor x;
  private Tensor y;

  /**
   * A fresh session every iteration (a second or so, under 1,000 steps): trained on random labels
   * for longer, the momentum of the weights of units that never fire decays into subnormal floats,
   * which the CPU computes a hundred times slower, and the SGD update came to take 0.8 ms a step.
   */
  @Setup(Level.Iteration)
  public void newSession() {
    Optimizer trainingOptimizer =
        optimizerName.equals("adam")
            ? Adam.builder().build()
            : Sgd.builder(0.05).momentum(0.9).build();
    session =
        Trainer.builder(Losses.softmaxCrossEntropy(), trainingOptimizer)
            .config(TrainingConfig.builder().epochs(1_000_000).batchSize(128).seed(1).build())
            .shards(threads)
            .build()
            .session(mlp(), x, y);
  }

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(2);
    int rows = 128 * 64;
    x = Tensor.zeros(DType.FLOAT32, rows, 784);
    for (int index = 0; index < x.size(); index++) {
      x.set(index, random.nextDouble());
    }
    y = Tensor.zeros(DType.FLOAT32, rows, 10);
    for (int row = 0; row < rows; row++) {
      y.set(row, random.nextInt(10), 1);
    }
    summed = mlp();
    replica = summed.replica();
    optimizer =
        optimizerName.equals("adam")
            ? Adam.builder().build()
            : Sgd.builder(0.05).momentum(0.9).build();
    inferenceNetwork = mlp();
    inferenceNetwork.setExecution(new Execution(MatrixBackends.current(), threads));
    images = Tensor.zeros(DType.FLOAT32, 10_000, 784);
    for (int index = 0; index < images.size(); index++) {
      images.set(index, random.nextDouble());
    }
  }

  private static Network mlp() {
    return Network.builder(784)
        .dtype(DType.FLOAT32)
        .seed(1)
        .dense(256, Activations.relu())
        .dense(128, Activations.relu())
        .dense(10)
        .build();
  }

  /** One training step: samples/s = 128 / (microseconds) · 10⁶. */
  @Benchmark
  public StepResult mlpStep() {
    return session.step();
  }

  /**
   * A two-shard step's sum of the gradients and its finiteness check, all of it on one thread:
   * {@code threads} shards split it by element ranges, so each of them takes its share of this.
   */
  @Benchmark
  public boolean gradientSum() {
    boolean finite = true;
    for (var entry : summed.parameters().entrySet()) {
      var sum = entry.getValue().gradient();
      sum.addRange(replica.parameters().get(entry.getKey()).gradient(), 0, sum.size());
      finite &= sum.isFinite(0, sum.size());
    }
    return finite;
  }

  /** The optimizer's update of the MLP's 235,146 parameters, on one thread. */
  @Benchmark
  public Network optimizerStep() {
    optimizer.step(summed.parameters());
    return summed;
  }

  /** The MLP's outputs for 10,000 images, in inference mode. */
  @Benchmark
  public Tensor inference10000() {
    return inferenceNetwork.predict(images);
  }
}
