package dev.nabla.io.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void logitsOfBinaryCrossEntropyAreProbabilitiesEachThroughASigmoid() {
    Network network = passThrough(2);
    network.parameter("layers.0.weights").value().set(1, -1);
    Model model =
        new Model(
            network,
            "binary_cross_entropy_with_logits",
            new Scaler("none", new double[] {0}, new double[] {1}),
            List.of("x"),
            List.of("yes", "no"),
            Map.of());

    // Each output was trained as its own yes-or-no question, not as one of a softmax.
    assertArrayEquals(
        new double[] {Sigmoid.sigmoid(0.5), Sigmoid.sigmoid(-0.5)},
        model.probabilities(column(0.5)).toDoubleArray(),
        1e-6);
  }

  @Test
  void theLossIsKeptByItsOwnNameSoThatProbabilitiesKnowIt() {
    Network network = passThrough(2);
    Model model =
        new Model(
            network,
            " Softmax_Cross_Entropy",
            new Scaler("none", new double[] {0}, new double[] {1}),
            List.of("x"),
            List.of("yes", "no"),
            Map.of());

    assertEquals("softmax_cross_entropy", model.loss());
    assertArrayEquals(new double[] {0.5, 0.5}, model.probabilities(column(3)).toDoubleArray());
  }

  private static Model model(
      Network network, String loss, Scaler scaler, List<String> features, List<String> labels) {
    return new Model(network, loss, scaler, features, labels, Map.of());
  }

  private static final Scaler ONE = new Scaler("none", new double[] {0}, new double[] {1});

  private static String refused(
      Network network, String loss, Scaler scaler, List<String> features, List<String> labels) {
    return assertThrows(
            IllegalArgumentException.class, () -> model(network, loss, scaler, features, labels))
        .getMessage();
  }

  @Test
  void aModelThatCouldNotBeUsedOrReadBackIsRefused() {
    Network two = passThrough(2);
    Network one = passThrough(1);
    List<String> x = List.of("x");
    assertEquals(
        "labels: 3 labels for the network's 2 outputs; a classifier names each output",
        refused(two, "softmax_cross_entropy", ONE, x, List.of("a", "b", "c")));
    assertEquals(
        "labels: a classifier needs at least 2 labels, one per output; got 1",
        refused(one, "binary_cross_entropy_with_logits", ONE, x, List.of("yes")));
    assertEquals(
        "labels[1] 'a' repeats labels[0]; each output needs its own label",
        refused(two, "softmax_cross_entropy", ONE, x, List.of("a", "a")));
    assertEquals(
        "labels[0] is blank; each output needs a label",
        refused(two, "softmax_cross_entropy", ONE, x, List.of(" ", "b")));
    assertEquals(
        "features: 2 names for the network's 1 inputs; a model names each input",
        refused(one, "mse", ONE, List.of("x", "y"), List.of()));
    assertEquals(
        "features[0] is blank; each input needs a name",
        refused(one, "mse", ONE, List.of(""), List.of()));
    assertEquals(
        "preprocessing.offset: 2 values for the network's 1 inputs",
        refused(one, "mse", new Scaler("none", new double[2], new double[] {1, 1}), x, List.of()));
    // A Scaler checks its own parts; a model file's are checked before one is made (ModelChecks).
    assertEquals(
        "unknown scaling 'robust'; expected standard, minmax or none",
        assertThrows(
                IllegalArgumentException.class,
                () -> new Scaler("robust", new double[1], new double[] {1}))
            .getMessage());
    assertEquals(
        "loss: unknown loss 'hinge'; known losses: " + dev.nabla.losses.Losses.KNOWN,
        refused(one, "hinge", ONE, x, List.of()));
  }

  @Test
  void scalesAndOffsetsMustBeUsableNumbers() {
    for (double scale : new double[] {0, -2, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertEquals(
          "preprocessing.scale[0] is " + scale + "; a scale must be positive and finite",
          assertThrows(
                  IllegalArgumentException.class,
                  () -> ModelChecks.checkScaler("standard", new double[1], new double[] {scale}, 1))
              .getMessage(),
          "scale " + scale);
      assertThrows(
          IllegalArgumentException.class,
          () -> new Scaler("standard", new double[1], new double[] {scale}),
          "a Scaler refuses it too");
    }
    for (double offset : new double[] {Double.NaN, Double.NEGATIVE_INFINITY}) {
      assertEquals(
          "preprocessing.offset[0] is " + offset + "; an offset must be finite",
          assertThrows(
                  IllegalArgumentException.class,
                  () ->
                      ModelChecks.checkScaler(
                          "standard", new double[] {offset}, new double[] {1}, 1))
              .getMessage(),
          "offset " + offset);
    }
    Network one = passThrough(1);
    assertEquals(
        "preprocessing: scaling none has offset 0 and scale 1, but offset[0] is 3.0",
        refused(
            one,
            "mse",
            new Scaler("none", new double[] {3}, new double[] {1}),
            List.of("x"),
            List.of()));
  }

  @Test
  void aRecipeForAnotherNetworkIsNotTheOneThatTrainedTheModel() {
    Model example = FrozenModels.version2Example();
    dev.nabla.recipe.Recipe other =
        example.recipe().toBuilder()
            .layers(
                dev.nabla.layers.LayerText.parse(
                    "4:tanh,batchnorm,dropout:0.25,2")) // tanh where the network has relu
            .build();
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Model(
                    example.network(),
                    example.loss(),
                    example.scaler(),
                    example.featureNames(),
                    example.labelNames(),
                    example.provenance(),
                    other));
    assertTrue(
        refused.getMessage().startsWith("recipe.layers[1] is activation("), refused.getMessage());
  }

  @Test
  void aRecipeWithAnotherLossIsNotTheOneThatTrainedTheModel() {
    Model example = FrozenModels.version2Example();
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Model(
                    example.network(),
                    "categorical_cross_entropy",
                    example.scaler(),
                    example.featureNames(),
                    example.labelNames(),
                    example.provenance(),
                    example.recipe()));
    assertEquals(
        "recipe.loss is softmax_cross_entropy but the model's loss is categorical_cross_entropy;"
            + " a model's recipe is the one that trained it",
        refused.getMessage());
  }
}
