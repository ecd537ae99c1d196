package dev.nabla.gradcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activation;
import dev.nabla.activations.Activations;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.RandomTensors;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every activation's backward pass against float64 central differences, alone and between dense
 * layers, on random shapes.
 */
class ActivationGradientTest {
  static final double TOLERANCE = 1e-7;

  static Stream<Activation> activations() {
    return Stream.of(
        Activations.identity(),
        Activations.relu(),
        Activations.leakyRelu(),
        Activations.leakyRelu(-0.2),
        Activations.leakyRelu(0.1),
        Activations.sigmoid(),
        Activations.tanh(),
        Activations.softmax(),
        Activations.elu(),
        Activations.elu(0.5),
        Activations.gelu(),
        Activations.softplus());
  }

  @ParameterizedTest
  @MethodSource("activations")
  void aloneOnRandomShapes(Activation activation) {
    SplittableRandom random = new SplittableRandom(activation.spec().hashCode());
    for (int trial = 0; trial < 5; trial++) {
      int samples = 1 + random.nextInt(4);
      int width = 1 + random.nextInt(5);
      Network network = Network.builder(width).activation(activation).build();
      // Scaled by 3 so the inputs reach both tails of sigmoid, tanh, GELU and softplus.
      Tensor input = RandomTensors.normal(random, samples, width);
      input.scaleInPlace(3);
      Tensor target = RandomTensors.normal(random, samples, width);

      GradientCheckReport report =
          GradientChecker.check(network, Losses.meanSquaredError(), input, target);

      assertTrue(report.passes(TOLERANCE), activation + " " + input.shape() + "\n" + report);
    }
  }

  @ParameterizedTest
  @MethodSource("activations")
  void betweenDenseLayers(Activation activation) {
    SplittableRandom random = new SplittableRandom(31L * activation.spec().hashCode());
    Network network =
        Network.builder(3)
            .seed(random.nextLong())
            .dense(4, activation)
            .dense(5, activation)
            .dense(2)
            .build();
    Tensor input = RandomTensors.normal(random, 4, 3);
    Tensor target = RandomTensors.normal(random, 4, 2);

    GradientCheckReport report =
        GradientChecker.check(network, Losses.meanSquaredError(), input, target);

    assertTrue(report.passes(TOLERANCE), activation + "\n" + report);
  }
}
