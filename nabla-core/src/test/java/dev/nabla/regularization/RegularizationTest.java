package dev.nabla.regularization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activations;
import dev.nabla.gradcheck.GradientCheckReport;
import dev.nabla.gradcheck.GradientChecker;
import dev.nabla.layers.Parameter;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.RandomTensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegularizationTest {
  @Test
  void penaltiesAreChosenPerLayerAndNeverTouchBiases() {
    Network network =
        Network.builder(3)
            .weightPenalty(Penalty.l2(0.01))
            .dense(4, Activations.relu())
            .weightPenalty(null)
            .dense(2)
            .build();

    assertEquals(List.of("layers.0.weights"), List.copyOf(network.penalties().keySet()));
  }

  @Test
  void penaltyValueIsKerasConvention() {
    Tensor weights = Tensor.matrix(DType.FLOAT64, new double[][] {{1, -2}, {3, 0}});
    assertEquals(0.5 * 6 + 0.1 * 14, new Penalty(0.5, 0.1).value(weights), 1e-15);
  }

  @Test
  void penaltyGradientsMatchCentralDifferences() {
    SplittableRandom random = new SplittableRandom(1);
    Network network =
        Network.builder(3)
            .seed(2)
            .weightPenalty(new Penalty(0.03, 0.2))
            .dense(4, Activations.tanh())
            .weightPenalty(Penalty.l1(0.1))
            .dense(2)
            .build();

    GradientCheckReport report =
        GradientChecker.check(
            network,
            Losses.meanSquaredError(),
            RandomTensors.normal(random, 5, 3),
            RandomTensors.normal(random, 5, 2));

    assertTrue(report.passes(1e-7), report.toString());
  }

  @Test
  void maxNormScalesOnlyTheRowsThatAreTooLong() {
    Tensor weights = Tensor.matrix(DType.FLOAT64, new double[][] {{3, 4}, {0.3, 0.4}});
    new MaxNorm(1).apply(weights);
    assertArrayEquals(new double[] {0.6, 0.8, 0.3, 0.4}, weights.toDoubleArray(), 1e-15);
  }

  @Test
  void clippingByValueClampsEachElement() {
    Map<String, Parameter> parameters = gradients(new double[] {-3, 0.5}, new double[] {2});
    GradientClipping.clipByValue(parameters, 1);
    assertArrayEquals(new double[] {-1, 0.5}, parameters.get("a").gradient().toDoubleArray());
    assertArrayEquals(new double[] {1}, parameters.get("b").gradient().toDoubleArray());
  }

  @Test
  void clippingByGlobalNormScalesEverythingTogetherAsPyTorchDoes() {
    // ‖(3, 0, 4)‖ = 5; PyTorch scales by 1/(5 + 1e-6).
    Map<String, Parameter> parameters = gradients(new double[] {3, 0}, new double[] {4});
    double norm = GradientClipping.clipByGlobalNorm(parameters, 1);
    assertEquals(5, norm, 1e-15);
    double factor = 1 / (5 + 1e-6);
    assertArrayEquals(
        new double[] {3 * factor, 0}, parameters.get("a").gradient().toDoubleArray(), 1e-15);
    assertArrayEquals(
        new double[] {4 * factor}, parameters.get("b").gradient().toDoubleArray(), 1e-15);

    Map<String, Parameter> small = gradients(new double[] {0.3}, new double[] {0.4});
    GradientClipping.clipByGlobalNorm(small, 1);
    assertArrayEquals(new double[] {0.3}, small.get("a").gradient().toDoubleArray(), "unchanged");
  }

  @Test
  void badSettingsAreRefused() {
    assertEquals(
        "penalty weights must be finite and ≥ 0, got l1=-1.0, l2=0.0",
        assertThrows(IllegalArgumentException.class, () -> Penalty.l1(-1)).getMessage());
    assertEquals(
        "maxNorm must be finite and > 0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new MaxNorm(0)).getMessage());
  }

  private static Map<String, Parameter> gradients(double[] a, double[] b) {
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    parameters.put("a", new Parameter(Tensor.vector(DType.FLOAT64, new double[a.length])));
    parameters.put("b", new Parameter(Tensor.vector(DType.FLOAT64, new double[b.length])));
    parameters.get("a").gradient().copyFrom(Tensor.vector(DType.FLOAT64, a));
    parameters.get("b").gradient().copyFrom(Tensor.vector(DType.FLOAT64, b));
    return parameters;
  }
}
