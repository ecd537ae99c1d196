package dev.nabla.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activations;
import dev.nabla.gradcheck.GradientCheckReport;
import dev.nabla.gradcheck.GradientChecker;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.RandomTensors;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DropoutTest {
  @Test
  void inferenceIsTheIdentity() {
    Dropout dropout = new Dropout(0.5, 1);
    Tensor input = Tensor.matrix(DType.FLOAT64, new double[][] {{1, 2, 3}});
    assertArrayEquals(input.toDoubleArray(), dropout.forward(input).toDoubleArray());
  }

  @Test
  void trainingKeepsAboutOneMinusRateAndScalesSoTheMeanIsKept() {
    Dropout dropout = new Dropout(0.3, 7);
    dropout.setTraining(true);
    Tensor ones = Tensor.zeros(DType.FLOAT64, 200, 100);
    ones.fill(1);

    Tensor output = dropout.forward(ones);

    int kept = 0;
    for (int index = 0; index < output.size(); index++) {
      double value = output.get(index);
      assertTrue(value == 0 || Math.abs(value - 1 / 0.7) < 1e-15, "value " + value);
      kept += value == 0 ? 0 : 1;
    }
    // 20,000 Bernoulli(0.7) draws: standard deviation 65, so ±4σ is ±260.
    assertEquals(14_000, kept, 260);
    assertEquals(20_000, output.sum(), 260 / 0.7);
  }

  @Test
  void masksChangeBetweenDrawsAndReplayFromTheDrawCount() {
    Dropout dropout = new Dropout(0.5, 3);
    dropout.setTraining(true);
    Tensor ones = Tensor.zeros(DType.FLOAT64, 4, 8);
    ones.fill(1);
    double[] first = dropout.forward(ones).toDoubleArray();
    double[] second = dropout.forward(ones).toDoubleArray();
    assertFalse(java.util.Arrays.equals(first, second));

    dropout.buffers().get("draws").set(0, 0);
    assertArrayEquals(first, dropout.forward(ones).toDoubleArray());
  }

  @Test
  void gradientWithAFixedMaskMatchesCentralDifferences() {
    SplittableRandom random = new SplittableRandom(5);
    Network network =
        Network.builder(4).seed(6).dense(6, Activations.tanh()).dropout(0.4).dense(2).build();
    network.setTraining(true);

    GradientCheckReport report =
        GradientChecker.check(
            network,
            Losses.meanSquaredError(),
            RandomTensors.normal(random, 5, 4),
            RandomTensors.normal(random, 5, 2));

    assertTrue(report.passes(1e-7), report.toString());
  }

  @Test
  void aRateOutsideZeroToOneIsRefused() {
    assertEquals(
        "dropout rate must be in [0, 1), got 1.0",
        assertThrows(IllegalArgumentException.class, () -> Network.builder(2).dropout(1.0))
            .getMessage());
  }
}
