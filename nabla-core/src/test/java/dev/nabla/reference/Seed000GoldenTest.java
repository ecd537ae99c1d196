package dev.nabla.reference;

import static dev.nabla.reference.ReferenceVectors.matrix;
import static dev.nabla.reference.ReferenceVectors.vector;
import static dev.nabla.testing.TensorAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nabla.activations.Activations;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.network.WeightLayouts;
import dev.nabla.optimizers.Sgd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.tracing.Trace;
import dev.nabla.tracing.Tracer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed notebook 000 reproduced to 1e-12: the 1-2-2-1 ReLU network with the bias in column 0 of each
 * weight matrix, ½(y − ŷ)² at x = 2, y = 7, and one SGD step with γ = 0.001.
 */
class Seed000GoldenTest {
  private static final double TOLERANCE = 1e-12;
  private static final JsonNode REFERENCE = ReferenceVectors.seed("000_994cd611a815c887.txt");
  private static final String[] LAYER_NAMES = {"w1", "w2", "w3"};
  private static final int[] DENSE_INDICES = {0, 2, 4};

  private Network network;
  private Tensor input;
  private Tensor target;

  @BeforeEach
  void buildTheNotebooksNetwork() {
    network =
        Network.builder(1)
            .dense(2, Activations.relu())
            .dense(2, Activations.relu())
            .dense(1)
            .build();
    for (int layer = 0; layer < 3; layer++) {
      WeightLayouts.setFromBiasColumn(
          network, DENSE_INDICES[layer], matrix(REFERENCE.get("weights").get(LAYER_NAMES[layer])));
    }
    input = Tensor.matrix(DType.FLOAT64, new double[][] {vector(REFERENCE.get("input"))});
    target = Tensor.matrix(DType.FLOAT64, new double[][] {vector(REFERENCE.get("target"))});
  }

  @Test
  void forwardValuesAndLossMatchTheNotebook() {
    Trace trace = Tracer.trace(network, Losses.halfSquaredError(), input, target);
    JsonNode forward = REFERENCE.get("forward");

    assertClose(vector(forward.get("z1")), trace.layers().get(0).output(), TOLERANCE, "z1");
    assertClose(vector(forward.get("a1")), trace.layers().get(1).output(), TOLERANCE, "a1");
    assertClose(vector(forward.get("z2")), trace.layers().get(2).output(), TOLERANCE, "z2");
    assertClose(vector(forward.get("a2")), trace.layers().get(3).output(), TOLERANCE, "a2");
    assertClose(vector(forward.get("y_hat")), trace.prediction(), TOLERANCE, "y_hat");
    assertEquals(forward.get("loss").asDouble(), trace.loss(), TOLERANCE, "loss");
  }

  @Test
  void everyGradientMatchesTheNotebook() {
    Trace trace = Tracer.trace(network, Losses.halfSquaredError(), input, target);
    JsonNode gradients = REFERENCE.get("gradients");

    assertClose(
        vector(gradients.get("dL_dyhat")),
        trace.layers().get(4).outputGradient(),
        TOLERANCE,
        "dL/dy_hat");
    for (int layer = 0; layer < 3; layer++) {
      String prefix = "layers." + DENSE_INDICES[layer] + ".";
      assertClose(
          matrix(gradients.get(LAYER_NAMES[layer])),
          WeightLayouts.toBiasColumn(
              trace.parameterGradients().get(prefix + "weights"),
              trace.parameterGradients().get(prefix + "bias")),
          TOLERANCE,
          "gradient of " + LAYER_NAMES[layer]);
    }
  }

  @Test
  void oneSgdStepGivesTheNotebooksWeightsPredictionAndLoss() {
    JsonNode step = REFERENCE.get("sgd_step");
    Tracer.trace(network, Losses.halfSquaredError(), input, target);

    new Sgd(step.get("learning_rate").asDouble()).step(network.parameters());

    for (int layer = 0; layer < 3; layer++) {
      String prefix = "layers." + DENSE_INDICES[layer] + ".";
      assertClose(
          matrix(step.get("weights_after").get(LAYER_NAMES[layer])),
          WeightLayouts.toBiasColumn(
              network.parameter(prefix + "weights").value(),
              network.parameter(prefix + "bias").value()),
          TOLERANCE,
          LAYER_NAMES[layer] + " after the step");
    }
    Tensor prediction = network.forward(input);
    assertEquals(step.get("y_hat_after").asDouble(), prediction.get(0), TOLERANCE, "y_hat after");
    assertEquals(
        step.get("loss_after").asDouble(),
        Losses.halfSquaredError().value(prediction, target),
        TOLERANCE,
        "loss after");
  }
}
