package dev.nabla.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activations;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Layer;
import dev.nabla.layers.Parameter;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Losses;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.RandomTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The passes that write into buffers (a training step's {@code forwardShared} and {@code
 * backwardParameters}, and {@code predict}) give the same bits as the value passes they stand in
 * for.
 */
class BufferedPassTest {
  private static Network network(DType dtype) {
    return Network.builder(5)
        .dtype(dtype)
        .seed(3)
        .dense(7, Activations.tanh())
        .batchNorm()
        .dropout(0.3)
        .dense(6, Activations.leakyRelu(0.1))
        .dense(3)
        .build();
  }

  /** The MLP's shape in small: its dense layers and ReLUs run as fused pairs. */
  private static Network reluNetwork(DType dtype) {
    return Network.builder(5)
        .dtype(dtype)
        .seed(4)
        .dense(8, Activations.relu())
        .dense(6, Activations.relu())
        .dense(3)
        .build();
  }

  private static List<Network> networks(DType dtype) {
    return List.of(network(dtype), reluNetwork(dtype));
  }

  private static Tensor batch(DType dtype, int rows, long seed) {
    return RandomTensors.normal(new SplittableRandom(seed), rows, 5).to(dtype);
  }

  private static Map<String, double[]> gradients(Network network) {
    Map<String, double[]> gradients = new java.util.LinkedHashMap<>();
    network
        .parameters()
        .forEach((name, parameter) -> gradients.put(name, parameter.gradient().toDoubleArray()));
    return gradients;
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void trainingStepPassesMatchTheValuePassesBitForBit(DType dtype) {
    for (Network network : networks(dtype)) {
      trainingStepPassesMatch(network);
    }
  }

  private static void trainingStepPassesMatch(Network byValue) {
    DType dtype = byValue.dtype();
    Network buffered = byValue.copy();
    byValue.setTraining(true);
    buffered.setTraining(true);
    Loss loss = Losses.softmaxCrossEntropy();
    for (int step = 0; step < 3; step++) {
      // Two batch sizes in turn, as an epoch's last partial batch brings.
      int rows = step == 1 ? 4 : 9;
      Tensor x = batch(dtype, rows, step);
      Tensor y = RandomTensors.oneHot(new SplittableRandom(step), rows, 3);
      byValue.zeroGradients();
      buffered.zeroGradients();
      Tensor expected = byValue.forward(x);
      Tensor shared = buffered.forwardShared(x);
      assertArrayEquals(expected.toDoubleArray(), shared.toDoubleArray());
      byValue.backward(loss.gradient(expected, y));
      Tensor gradient = Tensor.zeros(dtype, rows, 3);
      loss.gradient(shared, y, gradient);
      buffered.backwardParameters(gradient);
      Map<String, double[]> want = gradients(byValue);
      Map<String, double[]> got = gradients(buffered);
      for (String name : want.keySet()) {
        assertArrayEquals(want.get(name), got.get(name), name + " at step " + step);
      }
    }
  }

  @Test
  void forwardSharedReusesItsBufferWhileForwardReturnsANewTensor() {
    Network network = network(DType.FLOAT32);
    Tensor first = network.forwardShared(batch(DType.FLOAT32, 6, 1));
    Tensor kept = network.forward(batch(DType.FLOAT32, 6, 2));
    double[] keptValues = kept.toDoubleArray();
    Tensor again = network.forwardShared(batch(DType.FLOAT32, 6, 3));
    assertSame(first, again, "one batch size, one output buffer");
    assertArrayEquals(keptValues, kept.toDoubleArray(), "forward's result is the caller's own");
    network.forwardShared(batch(DType.FLOAT32, 2, 4));
    assertSame(first, network.forwardShared(batch(DType.FLOAT32, 6, 5)), "two sizes are kept");
  }

  @Test
  void backwardStillGivesTheInputGradient() {
    Network network = network(DType.FLOAT64);
    Tensor x = batch(DType.FLOAT64, 5, 1);
    Tensor output = network.forward(x);
    Tensor inputGradient = network.backward(Tensor.zeros(DType.FLOAT64, output.shape()));
    assertEquals(x.shape(), inputGradient.shape());
  }

  @Test
  void backwardParametersSkipsTheFirstLayersInputGradient() {
    List<Boolean> askedForInputGradient = new ArrayList<>();
    Dense dense = new Dense(2, 2, true, DType.FLOAT64);
    Layer recording =
        new Layer() {
          @Override
          public int inputSize() {
            return 2;
          }

          @Override
          public dev.nabla.layers.LayerSpec spec() {
            return dev.nabla.layers.LayerSpec.of("test-only");
          }

          @Override
          public int outputSize(int inputSize) {
            return 2;
          }

          @Override
          public Tensor forward(Tensor input) {
            return dense.forward(input);
          }

          @Override
          public Tensor backward(Tensor outputGradient) {
            return dense.backward(outputGradient);
          }

          @Override
          public void backward(Tensor outputGradient, Tensor inputGradient) {
            askedForInputGradient.add(inputGradient != null);
            dense.backward(outputGradient, inputGradient);
          }

          @Override
          public Map<String, Parameter> parameters() {
            return dense.parameters();
          }

          @Override
          public Layer copy(DType dtype) {
            return this;
          }
        };
    Network network =
        Network.builder(2).add(recording).activation(Activations.relu()).dense(1).build();
    Tensor output = network.forwardShared(RandomTensors.normal(new SplittableRandom(1), 3, 2));
    network.backwardParameters(Tensor.zeros(DType.FLOAT64, output.shape()));
    network.backward(Tensor.zeros(DType.FLOAT64, output.shape()));
    assertEquals(List.of(false, true), askedForInputGradient);
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void predictIsForwardInInferenceModeAcrossBlocksAndLeavesTheModeAlone(DType dtype) {
    for (Network network : networks(dtype)) {
      predictIsForwardInInferenceMode(network);
    }
  }

  private static void predictIsForwardInInferenceMode(Network network) {
    DType dtype = network.dtype();
    network.setTraining(true);
    // Train a few steps so batch norm's running statistics are not the initial ones.
    for (int step = 0; step < 3; step++) {
      network.forward(batch(dtype, 16, step));
    }
    // One block, read in place, and several, copied in and out, whether the backend threads its
    // own products (blocks once the widest hidden layer, 7 or 8 units, would pass
    // NATIVE_PREDICT_ELEMENTS) or not (beyond PREDICT_BLOCK rows).
    for (int rows :
        new int[] {
          0,
          Predictor.PREDICT_BLOCK - 5,
          2 * Predictor.PREDICT_BLOCK + 37,
          Predictor.NATIVE_PREDICT_ELEMENTS / 7 + 37
        }) {
      Tensor x = batch(dtype, rows, 7);
      double[] input = x.toDoubleArray();
      Tensor predicted = network.predict(x);
      assertTrue(network.isTraining(), "predict leaves the mode alone");
      assertArrayEquals(input, x.toDoubleArray(), "predict leaves its input alone");
      network.setTraining(false);
      Tensor expected = network.forward(x);
      network.setTraining(true);
      assertArrayEquals(expected.toDoubleArray(), predicted.toDoubleArray(), rows + " rows");
    }
  }

  @Test
  void predictWithNoLayersCopiesTheInput() {
    Network empty = Network.builder(3).dtype(DType.FLOAT32).build();
    Tensor x = Tensor.matrix(DType.FLOAT32, new double[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor predicted = empty.predict(x);
    assertArrayEquals(x.toDoubleArray(), predicted.toDoubleArray());
    assertNotSame(x, predicted, "a new tensor, as always");
  }

  @Test
  void predictFromSeveralThreadsAtOnceGivesTheSameOutputs() throws Exception {
    Network network = network(DType.FLOAT32);
    Tensor x = batch(DType.FLOAT32, Predictor.PREDICT_BLOCK + 3, 8);
    double[] expected = network.predict(x).toDoubleArray();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> results = new ArrayList<>();
      for (int task = 0; task < 8; task++) {
        results.add(pool.submit(() -> network.predict(x).toDoubleArray()));
      }
      for (Future<double[]> result : results) {
        assertArrayEquals(expected, result.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aBufferOfTheWrongShapeIsNamed() {
    Dense dense = new Dense(3, 2, true, DType.FLOAT64);
    Tensor x = Tensor.zeros(DType.FLOAT64, 4, 3);
    ShapeException error =
        assertThrows(
            ShapeException.class, () -> dense.forward(x, Tensor.zeros(DType.FLOAT64, 4, 3)));
    assertTrue(error.getMessage().contains("Dense(3 → 2) forward output"), error.getMessage());
    assertTrue(error.getMessage().contains("[4 × 2]"), error.getMessage());
    IllegalArgumentException precision =
        assertThrows(
            IllegalArgumentException.class,
            () -> dense.forward(x, Tensor.zeros(DType.FLOAT32, 4, 2)));
    assertTrue(precision.getMessage().contains("float32"), precision.getMessage());
  }
}
