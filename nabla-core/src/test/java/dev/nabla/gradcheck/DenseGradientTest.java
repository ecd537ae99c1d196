package dev.nabla.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activations;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.RandomTensors;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The dense layer's backward pass against central differences: alone, without bias, stacked. */
class DenseGradientTest {
  static final double TOLERANCE = 1e-7;

  @Test
  void aloneOnRandomShapesIncludingWidthOne() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 20; trial++) {
      int samples = 1 + random.nextInt(5);
      int inputs = 1 + random.nextInt(5);
      int outputs = 1 + random.nextInt(5);
      Network network =
          Network.builder(inputs)
              .seed(trial)
              .biasInitializer(dev.nabla.initializers.Initializers.normal(0, 1))
              .dense(outputs)
              .build();
      Tensor input = RandomTensors.normal(random, samples, inputs);
      Tensor target = RandomTensors.normal(random, samples, outputs);

      GradientCheckReport report =
          GradientChecker.check(network, Losses.halfSquaredError(), input, target);

      assertTrue(report.passes(TOLERANCE), "Dense " + inputs + " → " + outputs + "\n" + report);
      assertEquals(3, report.tensors().size(), "weights, bias and input are all checked");
    }
  }

  @Test
  void withoutBias() {
    SplittableRandom random = new SplittableRandom(8);
    Network network = Network.builder(3).seed(1).denseWithoutBias(2).build();

    GradientCheckReport report =
        GradientChecker.check(
            network,
            Losses.meanSquaredError(),
            RandomTensors.normal(random, 4, 3),
            RandomTensors.normal(random, 4, 2));

    assertTrue(report.passes(TOLERANCE), report.toString());
    assertEquals(2, report.tensors().size(), "weights and input, no bias");
  }

  @Test
  void deepStackWithEveryKindOfLayerAndASoftmaxCrossEntropy() {
    SplittableRandom random = new SplittableRandom(9);
    Network network =
        Network.builder(4)
            .seed(3)
            .dense(6, Activations.tanh())
            .dense(5, Activations.leakyRelu(-0.2))
            .dense(5, Activations.gelu())
            .denseWithoutBias(4)
            .activation(Activations.elu())
            .dense(3)
            .build();

    GradientCheckReport report =
        GradientChecker.check(
            network,
            Losses.softmaxCrossEntropy(),
            RandomTensors.normal(random, 6, 4),
            RandomTensors.oneHot(random, 6, 3));

    assertTrue(report.passes(TOLERANCE), report.toString());
  }

  @Test
  void aFloat32NetworkIsCheckedInFloat64AndLeftUnchanged() {
    SplittableRandom random = new SplittableRandom(10);
    Network network =
        Network.builder(2).dtype(DType.FLOAT32).seed(4).dense(3, Activations.sigmoid()).build();
    Tensor before = network.parameter("layers.0.weights").value().copy();

    GradientCheckReport report =
        GradientChecker.check(
            network,
            Losses.binaryCrossEntropy(),
            RandomTensors.normal(random, 3, 2),
            RandomTensors.uniform(random, 3, 3, 0, 1));

    assertTrue(report.passes(TOLERANCE), report.toString());
    assertEquals(
        before.toString(), network.parameter("layers.0.weights").value().toString(), "unchanged");
  }
}
