package dev.nabla.network;

import static dev.nabla.testing.TensorAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.nabla.activations.Activations;
import dev.nabla.layers.Dense;
import dev.nabla.losses.Losses;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.RandomTensors;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkTest {
  @Test
  void parametersHaveStableDottedNamesInLayerOrder() {
    Network network =
        Network.builder(3).dense(4, Activations.relu()).denseWithoutBias(2).dense(1).build();

    assertEquals(
        List.of(
            "layers.0.weights",
            "layers.0.bias",
            "layers.2.weights",
            "layers.3.weights",
            "layers.3.bias"),
        List.copyOf(network.parameters().keySet()));
    assertEquals(3 * 4 + 4 + 4 * 2 + 2 + 1, network.parameterCount());
  }

  @Test
  void summaryListsLayersOutputsAndParameterCounts() {
    Network network = Network.builder(2).dense(4, Activations.relu()).dense(1).build();

    assertEquals(
        String.join(
            "\n",
            "input: 2 features",
            "#  layer         output  parameters",
            "0  Dense(2 → 4)  4       12",
            "1  ReLU          4       0",
            "2  Dense(4 → 1)  1       5",
            "total: 17 parameters (float64)",
            ""),
        network.summary());
  }

  @Test
  void theSameSeedGivesTheSameWeightsAndAnotherSeedOtherWeights() {
    NetworkBuilder builder = Network.builder(4).dense(8, Activations.tanh()).dense(2);
    Network first = builder.seed(42).build();
    Network again = builder.seed(42).build();
    Network other = builder.seed(43).build();

    for (String name : first.parameters().keySet()) {
      assertArrayEquals(
          first.parameter(name).value().toDoubleArray(),
          again.parameter(name).value().toDoubleArray(),
          name);
    }
    assertNotEquals(
        first.parameter("layers.0.weights").value().toString(),
        other.parameter("layers.0.weights").value().toString());
  }

  @Test
  void glorotUniformWeightsStayWithinTheirBound() {
    Network network = Network.builder(30).seed(1).dense(20).build();
    double bound = Math.sqrt(6.0 / 50);
    Tensor weights = network.parameter("layers.0.weights").value();
    for (int index = 0; index < weights.size(); index++) {
      double value = weights.get(index);
      assertEquals(true, Math.abs(value) <= bound, "element " + index + " = " + value);
    }
    assertEquals(0, network.parameter("layers.0.bias").value().sum(), "zero bias by default");
  }

  @Test
  void float32AgreesWithFloat64WithinFloat32Rounding() {
    // Float32 rounding is 6e-8 relative per operation; a few dozen operations on O(1) values
    // stay below 1e-5.
    final double float32Tolerance = 1e-5;
    SplittableRandom random = new SplittableRandom(5);
    Network precise =
        Network.builder(5)
            .seed(9)
            .dense(16, Activations.gelu())
            .dense(8, Activations.tanh())
            .dense(3)
            .build();
    Network single = precise.to(DType.FLOAT32);
    Tensor input = RandomTensors.normal(random, 7, 5);
    Tensor target = RandomTensors.oneHot(random, 7, 3);

    Tensor preciseOutput = precise.forward(input);
    Tensor singleOutput = single.forward(input.to(DType.FLOAT32));
    precise.backward(Losses.softmaxCrossEntropy().gradient(preciseOutput, target));
    single.backward(Losses.softmaxCrossEntropy().gradient(singleOutput, target));

    assertEquals(DType.FLOAT32, singleOutput.dtype());
    assertClose(preciseOutput, singleOutput, float32Tolerance, "output");
    for (String name : precise.parameters().keySet()) {
      assertClose(
          precise.parameter(name).gradient(),
          single.parameter(name).gradient(),
          float32Tolerance,
          "gradient of " + name);
    }
  }

  @Test
  void buildingTwiceGivesIndependentNetworks() {
    Dense handMade = new Dense(1, 1, true, DType.FLOAT64);
    handMade.weights().value().set(0, 2);
    NetworkBuilder builder = Network.builder(1).add(handMade).activation(Activations.relu());
    Network first = builder.build();
    Network second = builder.build();

    first.setParameter("layers.0.weights", Tensor.matrix(DType.FLOAT64, new double[][] {{5}}));
    Tensor one = Tensor.matrix(DType.FLOAT64, new double[][] {{1}});

    assertEquals(5, first.forward(one).get(0));
    assertEquals(2, second.forward(one).get(0));
  }

  @Test
  void weightLayoutsRoundTrip() {
    double[][] rowVector = {{1, 2, 3}, {4, 5, 6}};
    Tensor weights = WeightLayouts.fromRowVectorConvention(DType.FLOAT64, rowVector);

    assertEquals("[3 × 2]", weights.shape().toString());
    assertArrayEquals(rowVector, WeightLayouts.toRowVectorConvention(weights));

    Network network = Network.builder(2).dense(2).build();
    double[][] biasColumn = {{0.5, 1, 2}, {-0.5, 3, 4}};
    WeightLayouts.setFromBiasColumn(network, 0, biasColumn);
    assertArrayEquals(
        biasColumn,
        WeightLayouts.toBiasColumn(
            network.parameter("layers.0.weights").value(),
            network.parameter("layers.0.bias").value()));
  }
}
