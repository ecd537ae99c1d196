package dev.nabla.layers;

import static dev.nabla.testing.TensorAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.activations.Activations;
import dev.nabla.gradcheck.GradientCheckReport;
import dev.nabla.gradcheck.GradientChecker;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.RandomTensors;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Batch norm against PyTorch's BatchNorm1d and against central differences, in both modes. */
class BatchNormTest {
  private static final double TOLERANCE = 1e-12;

  private static JsonNode reference() throws IOException {
    try (InputStream in =
        BatchNormTest.class.getResourceAsStream("/golden/batch-norm-reference.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static Tensor matrix(JsonNode node) {
    double[][] rows = new double[node.size()][];
    for (int row = 0; row < rows.length; row++) {
      rows[row] = new double[node.get(row).size()];
      for (int column = 0; column < rows[row].length; column++) {
        rows[row][column] = node.get(row).get(column).asDouble();
      }
    }
    return Tensor.matrix(DType.FLOAT64, rows);
  }

  private static double[] vector(JsonNode node) {
    double[] values = new double[node.size()];
    for (int index = 0; index < values.length; index++) {
      values[index] = node.get(index).asDouble();
    }
    return values;
  }

  @ParameterizedTest
  @ValueSource(strings = {"training", "inference"})
  void matchesPyTorch(String mode) throws IOException {
    JsonNode reference = reference();
    JsonNode expected = reference.get(mode);
    BatchNorm layer = new BatchNorm(3, DType.FLOAT64);
    layer
        .parameters()
        .get("scale")
        .value()
        .copyFrom(Tensor.vector(DType.FLOAT64, vector(reference.get("scale"))));
    layer
        .parameters()
        .get("shift")
        .value()
        .copyFrom(Tensor.vector(DType.FLOAT64, vector(reference.get("shift"))));
    Tensor input = matrix(reference.get("input"));
    if (mode.equals("inference")) {
      layer.setTraining(true);
      layer.forward(input);
    }
    layer.setTraining(mode.equals("training"));

    Tensor output = layer.forward(input);
    Tensor inputGradient = layer.backward(matrix(reference.get("upstream_gradient")));

    assertClose(matrix(expected.get("output")), output, TOLERANCE, mode + " output");
    assertClose(matrix(expected.get("input_gradient")), inputGradient, TOLERANCE, mode + " ∂L/∂x");
    assertClose(
        vector(expected.get("scale_gradient")),
        layer.parameters().get("scale").gradient(),
        TOLERANCE,
        "∂L/∂γ");
    assertClose(
        vector(expected.get("shift_gradient")),
        layer.parameters().get("shift").gradient(),
        TOLERANCE,
        "∂L/∂β");
    assertClose(
        vector(expected.get("running_mean")),
        layer.buffers().get("runningMean"),
        TOLERANCE,
        "running mean");
    assertClose(
        vector(expected.get("running_variance")),
        layer.buffers().get("runningVariance"),
        TOLERANCE,
        "running variance");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void gradientMatchesCentralDifferencesInANetwork(boolean training) {
    SplittableRandom random = new SplittableRandom(training ? 1 : 2);
    Network network =
        Network.builder(3)
            .seed(4)
            .dense(5)
            .batchNorm()
            .activation(Activations.tanh())
            .dense(2)
            .build();
    network.setParameter("layers.1.scale", Tensor.vector(DType.FLOAT64, 1.5, 0.5, -1, 2, 0.8));
    network.setTraining(training);

    GradientCheckReport report =
        GradientChecker.check(
            network,
            Losses.meanSquaredError(),
            RandomTensors.normal(random, 6, 3),
            RandomTensors.normal(random, 6, 2));

    assertTrue(report.passes(1e-7), report.toString());
    assertEquals(training, network.isTraining(), "the check leaves the mode as it was");
  }

  @Test
  void trainingOnASingleSampleIsRefusedWithTheReason() {
    BatchNorm layer = new BatchNorm(2, DType.FLOAT64);
    layer.setTraining(true);
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> layer.forward(Tensor.zeros(DType.FLOAT64, 1, 2)));
    assertEquals(
        "BatchNorm(2): training needs a batch of at least 2 samples to estimate a variance, got 1",
        error.getMessage());
  }
}
