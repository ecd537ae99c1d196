package dev.nabla.io.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.activations.Sigmoid;
import dev.nabla.io.data.Scaler;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {
  /** A float32 network that passes its one input through to {@code outputs} equal outputs. */
  private static Network passThrough(int outputs) {
    Network network = Network.builder(1).dtype(DType.FLOAT32).dense(outputs).build();
    network.parameter("layers.0.weights").value().fill(1);
    network.parameter("layers.0.bias").value().fill(0);
    return network;
  }

  private static Tensor column(double... values) {
    Tensor tensor = Tensor.zeros(DType.FLOAT64, values.length, 1);
    for (int row = 0; row < values.length; row++) {
      tensor.set(row, values[row]);
    }
    return tensor;
  }

  /**
   * A Unix timestamp differs from its neighbours in digits float32 does not hold: training scaled
   * it in float64 and cast afterwards, so prediction must too, or every input becomes the same.
   */
  @Test
  void rawFeaturesAreScaledInFloat64BeforeTheCastToTheNetworksPrecision() {
    double epoch = 1.7e9;
    Model model =
        new Model(
            passThrough(1),
            "mse",
            new Scaler("standard", new double[] {epoch}, new double[] {0.5}),
            List.of("time"),
            List.of(),
            Map.of());

    Tensor outputs = model.outputs(column(epoch + 0.25, epoch + 1, epoch + 60.5));

    assertEquals(DType.FLOAT32, outputs.dtype());
    assertArrayEquals(new double[] {0.5, 2, 121}, outputs.toDoubleArray());
  }

  @Test
  void featuresBeyondFloat32sRangeScaleToFiniteInputs() {
    Model model =
        new Model(
            passThrough(1),
            "mse",
            new Scaler("standard", new double[] {1e200}, new double[] {1e199}),
            List.of("huge"),
            List.of(),
            Map.of());

    assertArrayEquals(
        new double[] {(float) 1.0, (float) -2.0},
        model.outputs(column(1.1e200, 0.8e200)).toDoubleArray(),
        1e-6);
  }

  @Test
  void probabilitiesScaleInFloat64Too() {
    double epoch = 1.7e9;
    Network network = passThrough(2);
    network.parameter("layers.0.weights").value().set(1, -1);
    Model model =
        new Model(
            network,
            "softmax_cross_entropy",
            new Scaler("standard", new double[] {epoch}, new double[] {1}),
            List.of("time"),
            List.of("later", "earlier"),
            Map.of());

    Tensor probabilities = model.probabilities(column(epoch + 1));

    // logits 1 and -1: softmax gives σ(2) and σ(-2)
    assertArrayEquals(
        new double[] {Sigmoid.sigmoid(2), Sigmoid.sigmoid(-2)},
        probabilities.toDoubleArray(),
        1e-6);
  }
}
