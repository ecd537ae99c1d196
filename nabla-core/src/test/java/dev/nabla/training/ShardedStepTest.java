package dev.nabla.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activations;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Losses;
import dev.nabla.losses.MeanSquaredError;
import dev.nabla.losses.Reduction;
import dev.nabla.metrics.Metrics;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Adam;
import dev.nabla.optimizers.Optimizer;
import dev.nabla.optimizers.Sgd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Data-parallel steps inside one process: a batch split into shards, one replica of the network
 * each, gives the one-thread step's weights up to the order of the sums over rows, and the same
 * bits on every run for a given number of shards.
 */
class ShardedStepTest {
  private static final int SAMPLES = 300;
  private static final int FEATURES = 12;
  private static final int CLASSES = 3;

  private static Tensor inputs(DType dtype) {
    SplittableRandom random = new SplittableRandom(5);
    Tensor x = Tensor.zeros(dtype, SAMPLES, FEATURES);
    for (int index = 0; index < x.size(); index++) {
      x.set(index, random.nextDouble(-1, 1));
    }
    return x;
  }

  /** One-hot classes from the sign of two features' sum: a problem the network can learn. */
  private static Tensor targets(Tensor x) {
    Tensor y = Tensor.zeros(x.dtype(), SAMPLES, CLASSES);
    for (int row = 0; row < SAMPLES; row++) {
      double score = x.get(row, 0) + x.get(row, 1);
      y.set(row, score < -0.3 ? 0 : score < 0.3 ? 1 : 2, 1);
    }
    return y;
  }

  private static Network network(DType dtype) {
    return Network.builder(FEATURES)
        .seed(3)
        .dtype(dtype)
        .dense(32, Activations.relu())
        .dense(16, Activations.tanh())
        .dense(CLASSES)
        .build();
  }

  private static TrainingResult train(Network network, int shards, Loss loss, Optimizer optimizer) {
    Tensor x = inputs(network.dtype());
    TrainingConfig config = TrainingConfig.builder().epochs(3).batchSize(50).seed(9).build();
    Trainer trainer =
        Trainer.builder(loss, optimizer)
            .config(config)
            .metrics(Metrics.accuracy())
            .shards(shards)
            .build();
    return trainer.fit(network, x, targets(x));
  }

  private static double[] weights(Network network) {
    return network.parameters().values().stream()
        .flatMapToDouble(parameter -> java.util.Arrays.stream(parameter.value().toDoubleArray()))
        .toArray();
  }

  @Test
  void shardsGiveTheOneThreadWeightsToRoundingInFloat64() {
    Network one = network(DType.FLOAT64);
    TrainingResult oneResult =
        train(one, 1, Losses.softmaxCrossEntropy(), Adam.builder().learningRate(0.01).build());
    for (int shards : new int[] {2, 3, 7}) {
      Network sharded = network(DType.FLOAT64);
      TrainingResult shardedResult =
          train(
              sharded,
              shards,
              Losses.softmaxCrossEntropy(),
              Adam.builder().learningRate(0.01).build());
      double[] expected = weights(one);
      double[] actual = weights(sharded);
      for (int index = 0; index < expected.length; index++) {
        assertEquals(expected[index], actual[index], 1e-12, shards + " shards, weight " + index);
      }
      for (int epoch = 0; epoch < 3; epoch++) {
        assertEquals(
            oneResult.lossHistory().get(epoch),
            shardedResult.lossHistory().get(epoch),
            1e-13,
            shards + " shards, epoch " + (epoch + 1));
      }
      assertEquals(
          oneResult.metricHistory().get("accuracy"),
          shardedResult.metricHistory().get("accuracy"),
          shards + " shards");
    }
  }

  @Test
  void aSumReductionAddsTheShardsUnscaled() {
    Loss sum = new MeanSquaredError(Reduction.SUM);
    Network one = network(DType.FLOAT64);
    train(one, 1, sum, new Sgd(0.001));
    Network sharded = network(DType.FLOAT64);
    train(sharded, 2, sum, new Sgd(0.001));
    double[] expected = weights(one);
    double[] actual = weights(sharded);
    for (int index = 0; index < expected.length; index++) {
      assertEquals(expected[index], actual[index], 1e-12, "weight " + index);
    }
  }

  @Test
  void aGivenNumberOfShardsGivesTheSameBitsWhetherOrNotTheWorkersAreFree() throws Exception {
    Network alone = network(DType.FLOAT32);
    train(alone, 2, Losses.softmaxCrossEntropy(), Adam.builder().learningRate(0.01).build());
    // Two runs at once: one of them finds the workers busy and runs its shards in turn.
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Network>> runs =
          pool.invokeAll(
              List.of(
                  () -> {
                    Network network = network(DType.FLOAT32);
                    train(
                        network,
                        2,
                        Losses.softmaxCrossEntropy(),
                        Adam.builder().learningRate(0.01).build());
                    return network;
                  },
                  () -> {
                    Network network = network(DType.FLOAT32);
                    train(
                        network,
                        2,
                        Losses.softmaxCrossEntropy(),
                        Adam.builder().learningRate(0.01).build());
                    return network;
                  }));
      for (Future<Network> run : runs) {
        assertArrayEquals(weights(alone), weights(run.get()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSessionSaysHowManyShardsItsStepsRunIn() {
    Tensor x = inputs(DType.FLOAT64);
    TrainingSession session =
        Trainer.builder(Losses.softmaxCrossEntropy(), new Sgd(0.1))
            .config(TrainingConfig.builder().epochs(1).batchSize(50).seed(9).build())
            .shards(3)
            .build()
            .session(network(DType.FLOAT64), x, targets(x));
    session.step();
    assertEquals(3, session.shards());
  }

  @Test
  void aNetworkWithDropoutTrainsOnOneThread() {
    Network network =
        Network.builder(FEATURES)
            .seed(3)
            .dense(16, Activations.relu())
            .dropout(0.2)
            .dense(CLASSES)
            .build();
    Tensor x = inputs(DType.FLOAT64);
    TrainingSession session =
        Trainer.builder(Losses.softmaxCrossEntropy(), new Sgd(0.1))
            .config(TrainingConfig.builder().epochs(1).batchSize(50).seed(9).build())
            .shards(2)
            .build()
            .session(network, x, targets(x));
    assertEquals(0, session.shards());
    session.step();
    assertEquals(1, session.shards());
  }

  @Test
  void shardingAllocatesNothingInASteadyStep() {
    // The one-thread step allocates nothing of its own; what a step of either kind allocates
    // beyond that (its StepResult, the row indices, an epoch's events) is the same for both.
    long oneThread = bytesPerStep(1);
    long sharded = bytesPerStep(2);
    assertTrue(sharded - oneThread <= 8, sharded + " bytes a sharded step, " + oneThread + " one");
  }

  /** What one step allocates in every thread, the workers' too, after a warm-up. */
  private static long bytesPerStep(int shards) {
    Tensor x = inputs(DType.FLOAT32);
    TrainingSession session =
        Trainer.builder(Losses.softmaxCrossEntropy(), Adam.builder().learningRate(0.01).build())
            .config(TrainingConfig.builder().epochs(1_000_000).batchSize(60).seed(9).build())
            .shards(shards)
            .build()
            .session(network(DType.FLOAT32), x, targets(x));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int step = 0; step < 1_000; step++) {
      session.step();
    }
    // The least of five windows of 200 steps: a window in which the JIT recompiles something, or
    // runs a method interpreted for a while, allocates what the steady state does not.
    long least = Long.MAX_VALUE;
    for (int window = 0; window < 5; window++) {
      long before = allocated(threads);
      for (int step = 0; step < 200; step++) {
        session.step();
      }
      least = Math.min(least, (allocated(threads) - before) / 200);
    }
    assertEquals(shards, session.shards());
    return least;
  }

  private static long allocated(com.sun.management.ThreadMXBean threads) {
    long total = 0;
    for (long id : threads.getAllThreadIds()) {
      total += Math.max(0, threads.getThreadAllocatedBytes(id));
    }
    return total;
  }

  @Test
  void aShardedRunThatDivergesStopsAsAOneThreadRunDoes() {
    // Squared error on outputs trained at an absurd rate: the loss grows a thousandfold.
    for (int shards : new int[] {1, 2}) {
      Tensor x = inputs(DType.FLOAT64);
      Trainer trainer =
          Trainer.builder(Losses.meanSquaredError(), new Sgd(50))
              .config(TrainingConfig.builder().epochs(5).batchSize(50).seed(9).build())
              .shards(shards)
              .build();
      TrainingDivergedException diverged =
          org.junit.jupiter.api.Assertions.assertThrows(
              TrainingDivergedException.class,
              () -> trainer.fit(network(DType.FLOAT64), x, targets(x)));
      assertTrue(diverged.getMessage().contains("epoch 1"), diverged.getMessage());
    }
  }

  @Test
  void theChoiceKeepsTinyStepsOnOneThread() {
    Network tiny = Network.builder(1).seed(1).dense(2, Activations.relu()).dense(1).build();
    assertEquals(1, Sharding.replicas(tiny, 1));
    assertEquals(1, Sharding.replicas(tiny, 128));
    Network mlp =
        Network.builder(784).seed(1).dense(256, Activations.relu()).dense(128).dense(10).build();
    assertEquals(1, Sharding.replicas(mlp, 1));
    assertTrue(Sharding.replicas(mlp, 128) >= 1);
  }
}
