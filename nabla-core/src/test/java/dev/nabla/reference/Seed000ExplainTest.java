package dev.nabla.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nabla.activations.Activations;
import dev.nabla.explain.ExplainOptions;
import dev.nabla.explain.Explainer;
import dev.nabla.explain.Explanation;
import dev.nabla.explain.LayerExplanation;
import dev.nabla.explain.Quantity;
import dev.nabla.explain.Values;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.network.WeightLayouts;
import dev.nabla.optimizers.Sgd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The explanation of seed notebook 000's step holds every number the notebook prints, to 1e-12: the
 * prediction, the loss, the three gradient matrices in its bias-as-column-0 layout, the weights
 * after the step with γ = 0.001, and the prediction and loss after it.
 */
class Seed000ExplainTest {
  private static final double TOLERANCE = 1e-12;
  private static final JsonNode REFERENCE = ReferenceVectors.seed("000_994cd611a815c887.txt");

  @Test
  void theExplanationHoldsEveryNumberOfTheNotebook() {
    Network network =
        Network.builder(1)
            .dense(2, Activations.relu())
            .dense(2, Activations.relu())
            .dense(1)
            .build();
    String[] names = {"w1", "w2", "w3"};
    for (int layer = 0; layer < 3; layer++) {
      WeightLayouts.setFromBiasColumn(
          network, 2 * layer, matrix(REFERENCE.get("weights").get(names[layer])));
    }
    Explanation explanation =
        Explainer.explain(
            network,
            Losses.halfSquaredError(),
            new Sgd(REFERENCE.get("sgd_step").get("learning_rate").asDouble()),
            row(REFERENCE.get("input").get(0).asDouble()),
            row(REFERENCE.get("target").get(0).asDouble()),
            ExplainOptions.defaults().withBiasColumn(true));

    assertEquals(
        REFERENCE.get("forward").get("y_hat").get(0).asDouble(),
        explanation.prediction().data()[0],
        TOLERANCE);
    assertEquals(
        REFERENCE.get("forward").get("loss").asDouble(), explanation.loss().value(), TOLERANCE);
    for (int layer = 0; layer < 3; layer++) {
      LayerExplanation dense = explanation.layers().get(2 * layer);
      Quantity gradient =
          dense.backward().stream()
              .filter(quantity -> quantity.role().equals("biasColumnGradient"))
              .findFirst()
              .orElseThrow();
      assertClose(REFERENCE.get("gradients").get(names[layer]), gradient.values(), names[layer]);
    }
    JsonNode step = REFERENCE.get("sgd_step");
    for (int layer = 0; layer < 3; layer++) {
      Values weights = explanation.update().parameters().get(2 * layer).after();
      Values bias = explanation.update().parameters().get(2 * layer + 1).after();
      double[][] after = matrix(step.get("weights_after").get(names[layer]));
      for (int row = 0; row < after.length; row++) {
        assertEquals(after[row][0], bias.data()[row], TOLERANCE, names[layer] + " bias after");
        for (int column = 1; column < after[row].length; column++) {
          assertEquals(
              after[row][column], weights.get(row, column - 1), TOLERANCE, names[layer] + " after");
        }
      }
    }
    assertEquals(
        step.get("y_hat_after").asDouble(),
        explanation.update().predictionAfter().data()[0],
        TOLERANCE);
    assertEquals(step.get("loss_after").asDouble(), explanation.update().lossAfter(), TOLERANCE);
  }

  private static void assertClose(JsonNode expected, Values actual, String what) {
    double[][] rows = matrix(expected);
    assertEquals(rows.length, actual.rows(), what + " rows");
    for (int row = 0; row < rows.length; row++) {
      for (int column = 0; column < rows[row].length; column++) {
        assertEquals(
            rows[row][column],
            actual.get(row, column),
            TOLERANCE,
            what + "[" + row + "][" + column + "]");
      }
    }
  }

  private static double[][] matrix(JsonNode node) {
    double[][] rows = new double[node.size()][];
    for (int row = 0; row < node.size(); row++) {
      rows[row] = new double[node.get(row).size()];
      for (int column = 0; column < rows[row].length; column++) {
        rows[row][column] = node.get(row).get(column).asDouble();
      }
    }
    return rows;
  }

  private static Tensor row(double value) {
    return Tensor.matrix(DType.FLOAT64, new double[][] {{value}});
  }
}
