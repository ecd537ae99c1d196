package dev.nabla.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activation;
import dev.nabla.activations.Activations;
import dev.nabla.losses.BinaryCrossEntropy;
import dev.nabla.losses.BinaryCrossEntropyWithLogits;
import dev.nabla.losses.CategoricalCrossEntropy;
import dev.nabla.losses.HalfSquaredError;
import dev.nabla.losses.Huber;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Losses;
import dev.nabla.losses.MeanAbsoluteError;
import dev.nabla.losses.MeanSquaredError;
import dev.nabla.losses.Reduction;
import dev.nabla.losses.SoftmaxCrossEntropy;
import dev.nabla.metrics.Metrics;
import dev.nabla.network.Network;
import dev.nabla.network.NetworkBuilder;
import dev.nabla.optimizers.Adam;
import dev.nabla.optimizers.Sgd;
import dev.nabla.regularization.Penalty;
import dev.nabla.schedules.ReduceOnPlateau;
import dev.nabla.schedules.Schedules;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A run as a value: fresh state per run, a step you can drive, and gradients that add up. */
class TrainingSessionTest {
  private static final Tensor XOR_INPUTS =
      Tensor.matrix(DType.FLOAT64, new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
  private static final Tensor XOR_TARGETS =
      Tensor.matrix(DType.FLOAT64, new double[][] {{0}, {1}, {1}, {0}});

  private static Network xor() {
    return Network.builder(2).seed(1).dense(4, Activations.tanh()).dense(1).build();
  }

  @Test
  void oneTrainerUsedTwiceOnXorGivesIdenticalRuns() {
    // Before each run started from fresh optimizer and schedule state, the second run of the same
    // trainer continued the first one's momentum and decayed rate: 0.294 and then 0.577.
    Trainer trainer =
        Trainer.builder(
                Losses.binaryCrossEntropyWithLogits(), Sgd.builder(0.5).momentum(0.9).build())
            .config(TrainingConfig.builder().epochs(200).fullBatch().build())
            .schedule(Schedules.warmup(3, Schedules.exponential(0.99)))
            .build();
    Network first = xor();
    Network second = xor();

    TrainingResult one = trainer.fit(first, XOR_INPUTS, XOR_TARGETS);
    TrainingResult two = trainer.fit(second, XOR_INPUTS, XOR_TARGETS);

    assertEquals(one.lossHistory(), two.lossHistory());
    assertBitIdentical(first, second);
  }

  @Test
  void aPlateauScheduleStartsOverEveryRun() {
    Trainer trainer =
        Trainer.builder(Losses.binaryCrossEntropyWithLogits(), new Sgd(2.0))
            .config(TrainingConfig.builder().epochs(60).fullBatch().build())
            .schedule(ReduceOnPlateau.builder().patience(0).factor(0.5).build())
            .build();
    Network first = xor();
    Network second = xor();
    trainer.fit(first, XOR_INPUTS, XOR_TARGETS);
    trainer.fit(second, XOR_INPUTS, XOR_TARGETS);
    assertBitIdentical(first, second);
  }

  private static Tensor[] blobs(int samples, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Tensor x = Tensor.zeros(DType.FLOAT64, samples, 3);
    Tensor y = Tensor.zeros(DType.FLOAT64, samples, 2);
    for (int i = 0; i < samples; i++) {
      for (int j = 0; j < 3; j++) {
        x.set(i, j, random.nextGaussian());
      }
      y.set(i, x.get(i, 0) + 0.5 * x.get(i, 1) > 0 ? 0 : 1, 1);
    }
    return new Tensor[] {x, y};
  }

  private static Network dropoutNetwork() {
    return Network.builder(3).seed(8).dense(6, Activations.relu()).dropout(0.3).dense(2).build();
  }

  private static Trainer dropoutTrainer() {
    return Trainer.builder(Losses.softmaxCrossEntropy(), Adam.builder().learningRate(0.02).build())
        .config(
            TrainingConfig.builder().epochs(5).batchSize(7).seed(3).validationSplit(0.2).build())
        .schedule(Schedules.cosine(5, 0.001))
        .metrics(Metrics.accuracy())
        .build();
  }

  @Test
  void steppingByHandGivesTheWeightsFitGives() {
    Tensor[] data = blobs(40, 1);
    Network fitted = dropoutNetwork();
    TrainingResult fitResult = dropoutTrainer().fit(fitted, data[0], data[1]);

    Network stepped = dropoutNetwork();
    TrainingSession session = dropoutTrainer().session(stepped, data[0], data[1]);
    List<EpochEnd> epochs = new ArrayList<>();
    boolean[] seen = new boolean[40];
    while (!session.isFinished()) {
      StepResult step = session.step();
      assertTrue(step.updated());
      assertNull(step.trace());
      for (int index : step.indices()) {
        seen[index] = true;
      }
      if (step.epochEnd() != null) {
        assertEquals(5, step.batches(), "32 training samples in batches of 7");
        assertEquals(5, step.batch());
        epochs.add(step.epochEnd());
      }
    }
    TrainingResult stepResult = session.result();

    assertBitIdentical(fitted, stepped);
    assertEquals(fitResult.lossHistory(), stepResult.lossHistory());
    assertEquals(fitResult.metricHistory(), stepResult.metricHistory());
    assertEquals(5, epochs.size());
    assertEquals(25, session.steps());
    assertFalse(stepped.isTraining(), "result() restores the network's mode");
    int trained = 0;
    for (boolean one : seen) {
      trained += one ? 1 : 0;
    }
    assertEquals(32, trained, "every training row is in some batch; the 8 validation rows none");
    IllegalStateException over = assertThrows(IllegalStateException.class, session::step);
    assertEquals(
        "the run is over (EPOCH_LIMIT after 5 epochs); start a new session to train again",
        over.getMessage());
  }

  @Test
  void aTracedStepShowsItsValuesAndUpdatesLikeAnUntracedOne() {
    Tensor[] data = blobs(20, 2);
    Trainer trainer =
        Trainer.builder(Losses.softmaxCrossEntropy(), new Sgd(0.1))
            .config(TrainingConfig.builder().epochs(1).batchSize(10).seed(5).build())
            .build();
    Network plain = Network.builder(3).seed(4).dense(5, Activations.tanh()).dense(2).build();
    Network traced = plain.copy();

    StepResult untracedStep = trainer.session(plain, data[0], data[1]).step();
    StepResult tracedStep = trainer.session(traced, data[0], data[1]).step(true);

    assertNotNull(tracedStep.trace());
    assertEquals(2 + 1, tracedStep.trace().layers().size());
    assertArrayEquals(untracedStep.indices(), tracedStep.indices());
    assertEquals(untracedStep.loss(), tracedStep.loss(), 1e-15);
    for (String name : plain.parameters().keySet()) {
      assertArrayEquals(
          plain.parameter(name).value().toDoubleArray(),
          traced.parameter(name).value().toDoubleArray(),
          1e-15,
          name);
    }
  }

  @Test
  void aCheckpointIsTakenBetweenEpochsOnly() {
    Tensor[] data = blobs(20, 2);
    TrainingSession session = dropoutTrainer().session(dropoutNetwork(), data[0], data[1]);
    session.step();
    IllegalStateException midway = assertThrows(IllegalStateException.class, session::checkpoint);
    assertEquals(
        "a checkpoint is taken between epochs; this session is at batch 1 of 3 in epoch 1",
        midway.getMessage());
    IllegalStateException early = assertThrows(IllegalStateException.class, session::result);
    assertTrue(early.getMessage().startsWith("the run is not over"), early.getMessage());
  }

  /** Every loss with both reductions, with the output activation and targets it expects. */
  static Stream<Arguments> losses() {
    List<Arguments> cases = new ArrayList<>();
    for (Reduction reduction : Reduction.values()) {
      cases.add(Arguments.of(new HalfSquaredError(reduction), null, "real"));
      cases.add(Arguments.of(new MeanSquaredError(reduction), null, "real"));
      cases.add(Arguments.of(new MeanAbsoluteError(reduction), null, "real"));
      cases.add(Arguments.of(new Huber(0.5, reduction), null, "real"));
      cases.add(Arguments.of(new SoftmaxCrossEntropy(reduction), null, "one-hot"));
      cases.add(
          Arguments.of(new CategoricalCrossEntropy(reduction), Activations.softmax(), "one-hot"));
      cases.add(Arguments.of(new BinaryCrossEntropy(reduction), Activations.sigmoid(), "binary"));
      cases.add(Arguments.of(new BinaryCrossEntropyWithLogits(reduction), null, "binary"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void shardGradientsAddUpToTheWholeBatchStep(Loss loss, Activation output, String targets) {
    int samples = 14;
    SplittableRandom random = new SplittableRandom(11);
    Tensor x = Tensor.zeros(DType.FLOAT64, samples, 3);
    Tensor y = Tensor.zeros(DType.FLOAT64, samples, 3);
    for (int i = 0; i < samples; i++) {
      for (int j = 0; j < 3; j++) {
        x.set(i, j, random.nextGaussian());
        y.set(
            i,
            j,
            switch (targets) {
              case "real" -> random.nextGaussian();
              case "binary" -> random.nextBoolean() ? 1 : 0;
              default -> j == i % 3 ? 1 : 0;
            });
      }
    }
    NetworkBuilder builder =
        Network.builder(3).seed(6).weightPenalty(Penalty.l2(0.01)).dense(5, Activations.tanh());
    Network network = (output == null ? builder.dense(3) : builder.dense(3, output)).build();
    Trainer trainer =
        Trainer.builder(loss, Sgd.builder(0.1).momentum(0.5).build())
            .config(TrainingConfig.builder().epochs(1).fullBatch().clipNorm(10).build())
            .build();

    Network whole = network.copy();
    trainer.session(whole, x, y).step();

    for (int shards : new int[] {1, 2, 3, 7}) {
      Network sharded = network.copy();
      TrainingSession session = trainer.session(sharded, x, y);
      BatchGradient sum = null;
      for (int shard = 0; shard < shards; shard++) {
        int from = samples * shard / shards;
        int to = samples * (shard + 1) / shards;
        int[] rows = new int[samples];
        Arrays.setAll(rows, index -> index);
        BatchGradient part =
            session.gradient(x.gatherRows(rows, from, to), y.gatherRows(rows, from, to));
        sum = sum == null ? part : sum.plus(part);
      }
      assertEquals(samples, sum.samples());
      session.apply(sum);
      for (String name : whole.parameters().keySet()) {
        assertArrayEquals(
            whole.parameter(name).value().toDoubleArray(),
            sharded.parameter(name).value().toDoubleArray(),
            1e-12,
            loss + ", " + shards + " shards, " + name);
      }
    }
  }

  @Test
  void aLossThatGrowsAThousandfoldIsDivergenceEvenWhileItStaysFinite() {
    // Adam moves each weight by about the learning rate per step, so at 1e6 the logits explode
    // without ever turning NaN: before this check the run ended "successfully" at a loss of 1e5.
    TrainingConfig.Builder config = TrainingConfig.builder().epochs(50).fullBatch();
    Trainer blowingUp =
        Trainer.builder(
                Losses.binaryCrossEntropyWithLogits(), Adam.builder().learningRate(1e6).build())
            .config(config.build())
            .build();
    TrainingDivergedException diverged =
        assertThrows(
            TrainingDivergedException.class, () -> blowingUp.fit(xor(), XOR_INPUTS, XOR_TARGETS));
    assertTrue(
        diverged.getMessage().contains("more than 1000 times the first batch's"),
        diverged.getMessage());

    Trainer unwatched =
        Trainer.builder(
                Losses.binaryCrossEntropyWithLogits(), Adam.builder().learningRate(1e6).build())
            .config(config.divergenceFactor(Double.NaN).build())
            .build();
    TrainingResult result = unwatched.fit(xor(), XOR_INPUTS, XOR_TARGETS);
    assertTrue(result.finalLoss() > 1000, "without the check it ends at " + result.finalLoss());
  }

  @Test
  void applyStepsAtTheScheduledRateAndNotAfterTheRunIsOver() {
    // A 3-epoch warm-up from 0.6: the first epoch's rate is 0.2, which apply must use as step does.
    Trainer trainer =
        Trainer.builder(Losses.binaryCrossEntropyWithLogits(), new Sgd(0.6))
            .config(TrainingConfig.builder().epochs(1).fullBatch().build())
            .schedule(Schedules.warmup(3, Schedules.constant()))
            .build();
    Network stepped = xor();
    Network applied = xor();
    trainer.session(stepped, XOR_INPUTS, XOR_TARGETS).step();
    TrainingSession session = trainer.session(applied, XOR_INPUTS, XOR_TARGETS);
    session.apply(session.gradient(XOR_INPUTS, XOR_TARGETS));
    assertEquals(0.2, session.learningRate(), 1e-15);
    for (String name : stepped.parameters().keySet()) {
      assertArrayEquals(
          stepped.parameter(name).value().toDoubleArray(),
          applied.parameter(name).value().toDoubleArray(),
          1e-15,
          name);
    }

    TrainingSession over = trainer.session(xor(), XOR_INPUTS, XOR_TARGETS);
    over.run();
    BatchGradient late = over.gradient(XOR_INPUTS, XOR_TARGETS);
    assertThrows(IllegalStateException.class, () -> over.apply(late));
  }

  @Test
  void aStepNamesTheCallersRowsEvenAfterAValidationSplit() {
    Tensor[] data = blobs(40, 4);
    Trainer trainer =
        Trainer.builder(Losses.softmaxCrossEntropy(), new Sgd(0.1))
            .config(TrainingConfig.builder().epochs(1).batchSize(40).validationSplit(0.5).build())
            .build();
    StepResult step = trainer.session(dropoutNetwork(), data[0], data[1]).step();
    int[] rows = step.indices();
    assertEquals(20, rows.length);
    java.util.Arrays.sort(rows);
    assertTrue(rows[rows.length - 1] >= 20, "rows come from the whole data, not 0..19");
    assertEquals(20, java.util.Arrays.stream(rows).distinct().count());
  }

  @Test
  void aStatefulScheduleWithoutFreshIsRefusedRatherThanLeakingIntoTheNextRun() {
    dev.nabla.schedules.LearningRateSchedule counting =
        new dev.nabla.schedules.LearningRateSchedule() {
          int seen;

          @Override
          public double learningRate(int epoch, double baseRate) {
            return baseRate;
          }

          @Override
          public void observe(double monitored) {
            seen++;
          }

          @Override
          public java.util.Map<String, Double> state() {
            return java.util.Map.of("seen", (double) seen);
          }
        };
    Trainer trainer =
        Trainer.builder(Losses.binaryCrossEntropyWithLogits(), new Sgd(0.1))
            .schedule(counting)
            .build();
    UnsupportedOperationException refused =
        assertThrows(
            UnsupportedOperationException.class, () -> trainer.fit(xor(), XOR_INPUTS, XOR_TARGETS));
    assertTrue(refused.getMessage().contains("override fresh()"), refused.getMessage());
  }

  @Test
  void gradientCopiesItsForwardPassOutputsForTheEpochMetrics() {
    Tensor[] data = blobs(20, 2);
    Network network = Network.builder(3).seed(1).dense(4, Activations.tanh()).dense(2).build();
    Tensor expected = network.forward(data[0]);
    TrainingSession session = dropoutTrainer().session(network, data[0], data[1]);
    Tensor predictions = Tensor.zeros(DType.FLOAT64, 20, 2);
    BatchGradient withPredictions = session.gradient(data[0], data[1], predictions);
    assertArrayEquals(expected.toDoubleArray(), predictions.toDoubleArray());
    // The same gradient as without them.
    BatchGradient plain = session.gradient(data[0], data[1]);
    assertEquals(plain.lossSum(), withPredictions.lossSum());
    IllegalArgumentException wrong =
        assertThrows(
            IllegalArgumentException.class,
            () -> session.gradient(data[0], data[1], Tensor.zeros(DType.FLOAT64, 20, 3)));
    assertTrue(wrong.getMessage().startsWith("predictions must be [20 × 2]"), wrong.getMessage());
  }

  @Test
  void applyRefusesAGradientOfAnotherNetwork() {
    Tensor[] data = blobs(20, 2);
    Trainer trainer = dropoutTrainer();
    TrainingSession small =
        trainer.session(
            Network.builder(3).seed(1).dense(2, Activations.tanh()).dense(2).build(),
            data[0],
            data[1]);
    BatchGradient gradient = small.gradient(data[0], data[1]);
    TrainingSession other = trainer.session(dropoutNetwork(), data[0], data[1]);
    IllegalArgumentException mismatch =
        assertThrows(IllegalArgumentException.class, () -> other.apply(gradient));
    assertTrue(mismatch.getMessage().startsWith("the gradient holds"), mismatch.getMessage());
  }

  @Test
  void aSessionWithoutDataTrainsByApplyAndCompleteEpochAsStepDoes() {
    // A driver of distributed training: the global batches from epochOrder, applied shard by shard,
    // epochs closed by completeEpoch, must give the weights, schedule and events fit gives.
    Tensor[] data = blobs(30, 6);
    List<EpochEnd> fitEvents = new ArrayList<>();
    List<EpochEnd> driverEvents = new ArrayList<>();
    TrainingConfig config = TrainingConfig.builder().epochs(3).batchSize(8).seed(5).build();
    java.util.function.Function<TrainingListener, Trainer> trainer =
        listener ->
            Trainer.builder(Losses.softmaxCrossEntropy(), Adam.builder().learningRate(0.05).build())
                .config(config)
                .schedule(Schedules.exponential(0.5))
                .listener(listener)
                .build();
    Network fitted = Network.builder(3).seed(2).dense(5, Activations.tanh()).dense(2).build();
    trainer.apply(fitEvents::add).fit(fitted, data[0], data[1]);

    Network driven = Network.builder(3).seed(2).dense(5, Activations.tanh()).dense(2).build();
    Trainer driver = trainer.apply(driverEvents::add);
    TrainingSession session = driver.session(driven);
    assertThrows(IllegalStateException.class, session::step);
    int batches = config.batchesPerEpoch(30);
    assertEquals(4, batches);
    while (!session.isFinished()) {
      int epoch = session.epochsCompleted() + 1;
      int[] order = config.epochOrder(epoch, 30);
      double lossSum = 0;
      for (int batch = 0; batch < batches; batch++) {
        int from = batch * 8;
        int to = Math.min(from + 8, 30);
        int middle = (from + to) / 2;
        // Two shards of the batch, summed, as two replicas would send them.
        BatchGradient first =
            session.gradient(
                data[0].gatherRows(order, from, middle), data[1].gatherRows(order, from, middle));
        BatchGradient second =
            session.gradient(
                data[0].gatherRows(order, middle, to), data[1].gatherRows(order, middle, to));
        BatchGradient sum = first.plus(second);
        lossSum += sum.lossSum();
        session.apply(sum);
      }
      session.completeEpoch(lossSum / 30, java.util.Map.of(), 30, System.nanoTime());
    }
    assertEquals(3, session.epochsCompleted());
    assertEquals(StopReason.EPOCH_LIMIT, session.result().reason());
    for (String name : fitted.parameters().keySet()) {
      assertArrayEquals(
          fitted.parameter(name).value().toDoubleArray(),
          driven.parameter(name).value().toDoubleArray(),
          1e-12,
          name);
    }
    assertEquals(3, fitEvents.size());
    assertEquals(3, driverEvents.size());
    for (int at = 0; at < fitEvents.size(); at++) {
      EpochEnd expected = fitEvents.get(at);
      EpochEnd actual = driverEvents.get(at);
      assertEquals(expected.learningRate(), actual.learningRate(), 1e-15);
      assertEquals(expected.loss(), actual.loss(), 1e-12);
      assertEquals(expected.steps(), actual.steps());
    }
  }

  @Test
  void epochOrderIsTheOrderStepTrainsIn() {
    Tensor[] data = blobs(20, 3);
    TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(6).seed(9).build();
    TrainingSession session =
        Trainer.builder(Losses.softmaxCrossEntropy(), new Sgd(0.1))
            .config(config)
            .build()
            .session(dropoutNetwork(), data[0], data[1]);
    for (int epoch = 1; epoch <= 2; epoch++) {
      int[] order = config.epochOrder(epoch, 20);
      for (int batch = 0; batch < config.batchesPerEpoch(20); batch++) {
        int[] expected =
            Arrays.copyOfRange(order, batch * 6, Math.min(batch * 6 + 6, order.length));
        assertArrayEquals(expected, session.step().indices());
      }
    }
    assertThrows(IllegalArgumentException.class, () -> config.epochOrder(0, 20));
    assertThrows(IllegalArgumentException.class, () -> config.batchesPerEpoch(0));
  }

  @Test
  void completeEpochRefusesAMetricEarlyStoppingWatchesButWasNotGiven() {
    Trainer trainer =
        Trainer.builder(Losses.softmaxCrossEntropy(), new Sgd(0.1))
            .config(
                TrainingConfig.builder()
                    .earlyStopping(new EarlyStopping("accuracy", 2, 0, false))
                    .build())
            .metrics(Metrics.accuracy())
            .build();
    TrainingSession session = trainer.session(dropoutNetwork());
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> session.completeEpoch(0.5, java.util.Map.of(), 1, System.nanoTime()));
    assertTrue(missing.getMessage().contains("'accuracy'"), missing.getMessage());
  }

  private static void assertBitIdentical(Network expected, Network actual) {
    for (String name : expected.parameters().keySet()) {
      assertArrayEquals(
          expected.parameter(name).value().toDoubleArray(),
          actual.parameter(name).value().toDoubleArray(),
          name);
    }
    for (String name : expected.buffers().keySet()) {
      assertArrayEquals(
          expected.buffers().get(name).toDoubleArray(),
          actual.buffers().get(name).toDoubleArray(),
          name);
    }
  }
}
