package dev.nabla.reference;

import static dev.nabla.reference.ReferenceVectors.matrix;
import static dev.nabla.reference.ReferenceVectors.vector;
import static dev.nabla.testing.TensorAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nabla.activations.Activations;
import dev.nabla.initializers.Initializers;
import dev.nabla.losses.BinaryCrossEntropy;
import dev.nabla.losses.Reduction;
import dev.nabla.network.Network;
import dev.nabla.network.WeightLayouts;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.tracing.Trace;
import dev.nabla.tracing.Tracer;
import org.junit.jupiter.api.Test;

/**
 * Seed notebook 002's forward values reproduced to 1e-12: a 3-3-3-3 network in the row-vector
 * convention with every bias 0.3, ReLU, softmax, and per-class binary cross-entropy summed over the
 * classes. (The notebook's gradients are wrong, so only its forward values are references.)
 */
class Seed002GoldenTest {
  private static final double TOLERANCE = 1e-12;
  private static final JsonNode REFERENCE = ReferenceVectors.seed("002_90a676609b4a7627.txt");

  @Test
  void forwardValuesAndPerClassLossesMatchTheNotebook() {
    JsonNode weights = REFERENCE.get("weights");
    Network network =
        Network.builder(3)
            .biasInitializer(Initializers.constant(REFERENCE.get("bias").asDouble()))
            .dense(3, Activations.relu())
            .dense(3, Activations.relu())
            .dense(3, Activations.softmax())
            .build();
    String[] names = {"w_ij", "w_jk", "w_ko"};
    for (int layer = 0; layer < 3; layer++) {
      network.setParameter(
          "layers." + 2 * layer + ".weights",
          WeightLayouts.fromRowVectorConvention(DType.FLOAT64, matrix(weights.get(names[layer]))));
    }
    Tensor input = Tensor.matrix(DType.FLOAT64, new double[][] {vector(REFERENCE.get("input"))});
    double[] targetValues = vector(REFERENCE.get("target"));
    Tensor target = Tensor.matrix(DType.FLOAT64, new double[][] {targetValues});
    BinaryCrossEntropy perClassLoss = new BinaryCrossEntropy(Reduction.SUM);

    Trace trace = Tracer.trace(network, perClassLoss, input, target);

    JsonNode forward = REFERENCE.get("forward");
    String[] stages = {"j", "j_out", "k", "k_out", "o", "softmax"};
    for (int layer = 0; layer < stages.length; layer++) {
      assertClose(
          vector(forward.get(stages[layer])),
          trace.layers().get(layer).output(),
          TOLERANCE,
          stages[layer]);
    }
    double[] perClass = vector(forward.get("loss_per_class"));
    for (int k = 0; k < perClass.length; k++) {
      assertEquals(
          perClass[k],
          perClassLoss.elementValue(trace.prediction().get(k), targetValues[k]),
          TOLERANCE,
          "loss of class " + k);
    }
    assertEquals(forward.get("loss").asDouble(), trace.loss(), TOLERANCE, "summed loss");
  }
}
