package dev.nabla.bench;

import dev.nabla.activations.Activations;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.network.WeightLayouts;
import dev.nabla.optimizers.Adam;
import dev.nabla.optimizers.Optimizer;
import dev.nabla.optimizers.Sgd;
import dev.nabla.tensor.DType;
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
 * Whole training steps and inference: the Fashion-MNIST MLP (784-256-128-10, ReLU, softmax
 * cross-entropy, float32, batch 128), seed notebook 000's 1-2-2-1 network (latency of one SGD
 * step), and inference of 10,000 images.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TrainingBenchmark {
  @Param({"momentum", "adam"})
  public String optimizerName;

  private Network mlp;
  private Optimizer optimizer;
  private Tensor batch;
  private Tensor labels;
  private final Tensor logitGradient = Tensor.zeros(DType.FLOAT32, 128, 10);
  private Tensor images;
  private Network seed000;
  private Tensor two;
  private Tensor seven;
  private final Loss softmaxCrossEntropy = Losses.softmaxCrossEntropy();
  private final Loss halfSquaredError = Losses.halfSquaredError();
  private final Sgd seed000Sgd = new Sgd(0.001);

  @Setup
  public void setUp() {
    mlp =
        Network.builder(784)
            .dtype(DType.FLOAT32)
            .seed(1)
            .dense(256, Activations.relu())
            .dense(128, Activations.relu())
            .dense(10)
            .build();
    optimizer =
        optimizerName.equals("adam")
            ? Adam.builder().build()
            : Sgd.builder(0.05).momentum(0.9).build();
    SplittableRandom random = new SplittableRandom(2);
    batch = Tensor.zeros(DType.FLOAT32, 128, 784);
    images = Tensor.zeros(DType.FLOAT32, 10_000, 784);
    for (int index = 0; index < images.size(); index++) {
      images.set(index, random.nextDouble());
    }
    for (int index = 0; index < batch.size(); index++) {
      batch.set(index, random.nextDouble());
    }
    labels = Tensor.zeros(DType.FLOAT64, 128, 10);
    for (int row = 0; row < 128; row++) {
      labels.set(row, random.nextInt(10), 1);
    }
    seed000 =
        Network.builder(1)
            .dense(2, Activations.relu())
            .dense(2, Activations.relu())
            .dense(1)
            .build();
    WeightLayouts.setFromBiasColumn(seed000, 0, new double[][] {{-0.1, 0.7}, {0.3, -0.2}});
    WeightLayouts.setFromBiasColumn(
        seed000, 2, new double[][] {{-0.2, 1.1, 0.2}, {-0.1, 0.5, -0.3}});
    WeightLayouts.setFromBiasColumn(seed000, 4, new double[][] {{0.1, 0.5, 2.3}});
    two = Tensor.matrix(DType.FLOAT64, new double[][] {{2}});
    seven = Tensor.matrix(DType.FLOAT64, new double[][] {{7}});
  }

  /**
   * One step of the MLP on a batch of 128, as the trainer takes it: samples/s = 128 /
   * (microseconds) · 10⁶. With {@code -prof gc}, {@code gc.alloc.rate.norm} is what a step
   * allocates.
   */
  @Benchmark
  public double mlpTrainingStep() {
    mlp.zeroGradients();
    Tensor logits = mlp.forwardShared(batch);
    double loss = softmaxCrossEntropy.value(logits, labels);
    softmaxCrossEntropy.gradient(logits, labels, logitGradient);
    mlp.backwardParameters(logitGradient);
    optimizer.step(mlp.parameters());
    return loss;
  }

  /** One SGD step of seed notebook 000's network on x = 2, y = 7. */
  @Benchmark
  public double seed000TrainingStep() {
    seed000.zeroGradients();
    Tensor prediction = seed000.forward(two);
    double loss = halfSquaredError.value(prediction, seven);
    seed000.backward(halfSquaredError.gradient(prediction, seven));
    seed000Sgd.step(seed000.parameters());
    return loss;
  }

  /** The MLP's outputs for 10,000 images, in inference mode. */
  @Benchmark
  public Tensor inference10000() {
    return mlp.predict(images);
  }
}
