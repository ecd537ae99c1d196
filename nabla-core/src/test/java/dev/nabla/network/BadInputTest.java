package dev.nabla.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.activations.Activations;
import dev.nabla.layers.Dense;
import dev.nabla.losses.Losses;
import dev.nabla.optimizers.Sgd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingConfig;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets its own exception type and a message that names the fault. */
class BadInputTest {
  private final Network network = Network.builder(2).dense(4, Activations.relu()).dense(1).build();

  @Test
  void mismatchedLayerSizesNameBothLayersAndBothSizes() {
    NetworkBuilder builder = Network.builder(2).dense(4, Activations.leakyRelu(0.1));

    ShapeException error =
        assertThrows(ShapeException.class, () -> builder.add(new Dense(5, 1, true, DType.FLOAT64)));

    assertEquals(
        "layer 2 (Dense(5 → 1)) takes 5 inputs, but layer 0 (Dense(2 → 4)) gives 4 outputs",
        error.getMessage());
  }

  @Test
  void aFirstLayerThatDoesNotFitTheInputNamesTheInput() {
    ShapeException error =
        assertThrows(
            ShapeException.class,
            () -> Network.builder(3).add(new Dense(2, 4, true, DType.FLOAT64)));

    assertEquals(
        "layer 0 (Dense(2 → 4)) takes 2 inputs, but the network input gives 3 outputs",
        error.getMessage());
  }

  @Test
  void anInputBatchOfTheWrongWidthNamesBothShapes() {
    ShapeException error =
        assertThrows(
            ShapeException.class, () -> network.forward(Tensor.zeros(DType.FLOAT64, 5, 3)));

    assertEquals("network input: expected a batch [samples × 2], got [5 × 3]", error.getMessage());
  }

  @Test
  void aVectorInsteadOfABatchIsRejected() {
    ShapeException error =
        assertThrows(
            ShapeException.class, () -> network.forward(Tensor.vector(DType.FLOAT64, 1, 2)));

    assertEquals("network input: expected a batch [samples × 2], got [2]", error.getMessage());
  }

  @Test
  void nanAndInfiniteInputsNameTheRowAndColumn() {
    Tensor input = Tensor.matrix(DType.FLOAT64, new double[][] {{0, 1}, {2, Double.NaN}});
    IllegalArgumentException nan =
        assertThrows(IllegalArgumentException.class, () -> network.forward(input));
    assertEquals(
        "network input has NaN at row 1, column 1; every input must be finite", nan.getMessage());

    input.set(1, 1, 0);
    input.set(0, 0, Double.NEGATIVE_INFINITY);
    IllegalArgumentException infinite =
        assertThrows(IllegalArgumentException.class, () -> network.forward(input));
    assertEquals(
        "network input has -Infinity at row 0, column 0; every input must be finite",
        infinite.getMessage());
  }

  @Test
  void targetsOfTheWrongShapeNameTheLossAndBothShapes() {
    Tensor prediction = network.forward(Tensor.zeros(DType.FLOAT64, 4, 2));

    ShapeException error =
        assertThrows(
            ShapeException.class,
            () -> Losses.meanSquaredError().value(prediction, Tensor.zeros(DType.FLOAT64, 4, 2)));

    assertEquals(
        "MeanSquaredError(MEAN): prediction [4 × 1] and target [4 × 2] must be batches of the"
            + " same shape",
        error.getMessage());
  }

  /** The trainer checks all its inputs once, so a step's batches need not be checked again. */
  @Test
  void aNonFiniteTrainingInputIsRejectedBeforeAnyStep() {
    Tensor before = network.parameter("layers.0.weights").value().copy();
    Tensor inputs = Tensor.zeros(DType.FLOAT64, 40, 2);
    inputs.set(37, 1, Double.POSITIVE_INFINITY);
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Trainer.fit(
                    network,
                    Losses.meanSquaredError(),
                    new Sgd(0.1),
                    inputs,
                    Tensor.zeros(DType.FLOAT64, 40, 1),
                    TrainingConfig.builder().batchSize(8).build()));
    assertEquals(
        "network input has Infinity at row 37, column 1; every input must be finite",
        error.getMessage());
    assertEquals(before.toString(), network.parameter("layers.0.weights").value().toString());
  }

  @Test
  void trainingTargetsOfTheWrongShapeAreRejectedBeforeAnyStep() {
    Tensor before = network.parameter("layers.0.weights").value().copy();
    ShapeException rows =
        assertThrows(
            ShapeException.class,
            () ->
                Trainer.fit(
                    network,
                    Losses.meanSquaredError(),
                    new Sgd(0.1),
                    Tensor.zeros(DType.FLOAT64, 4, 2),
                    Tensor.zeros(DType.FLOAT64, 3, 1),
                    TrainingConfig.builder().build()));
    assertEquals(
        "training data: 4 input rows but 3 target rows; every sample needs one target row",
        rows.getMessage());

    ShapeException columns =
        assertThrows(
            ShapeException.class,
            () ->
                Trainer.fit(
                    network,
                    Losses.meanSquaredError(),
                    new Sgd(0.1),
                    Tensor.zeros(DType.FLOAT64, 4, 2),
                    Tensor.zeros(DType.FLOAT64, 4, 3),
                    TrainingConfig.builder().build()));
    assertEquals(
        "training targets: expected [4 × 1] for the network's outputs, got [4 × 3]",
        columns.getMessage());
    assertEquals(before.toString(), network.parameter("layers.0.weights").value().toString());
  }

  @Test
  void aBatchInAnotherPrecisionSaysHowToConvert() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> network.forward(Tensor.zeros(DType.FLOAT32, 1, 2)));

    assertEquals(
        "network input is float32 but the network is float64; convert the batch with"
            + " input.to(DType.FLOAT64)",
        error.getMessage());
  }

  @Test
  void backwardBeforeForwardSaysWhichCallIsMissing() {
    Network fresh = Network.builder(2).dense(1).build();

    IllegalStateException error =
        assertThrows(
            IllegalStateException.class, () -> fresh.backward(Tensor.zeros(DType.FLOAT64, 1, 1)));
    assertEquals("backward() called before forward(); run forward first", error.getMessage());

    IllegalStateException layerError =
        assertThrows(
            IllegalStateException.class,
            () -> new Dense(2, 1, true, DType.FLOAT64).backward(Tensor.zeros(DType.FLOAT64, 1, 1)));
    assertEquals("Dense(2 → 1): backward() called before forward()", layerError.getMessage());
  }

  @Test
  void unknownParameterNamesListTheKnownOnes() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> network.parameter("layers.1.weights"));

    assertEquals(
        "no parameter named 'layers.1.weights'; this network has [layers.0.weights,"
            + " layers.0.bias, layers.2.weights, layers.2.bias]",
        error.getMessage());
  }

  @Test
  void settingAParameterOfTheWrongShapeNamesIt() {
    ShapeException error =
        assertThrows(
            ShapeException.class,
            () -> network.setParameter("layers.0.weights", Tensor.zeros(DType.FLOAT64, 2, 4)));

    assertEquals("parameter layers.0.weights: expected [4 × 2], got [2 × 4]", error.getMessage());
  }

  @Test
  void badConfigurationNamesTheFieldAndTheValue() {
    assertEquals(
        "epochs must be ≥ 1, got 0",
        assertThrows(
                IllegalArgumentException.class, () -> TrainingConfig.builder().epochs(0).build())
            .getMessage());
    assertEquals(
        "batchSize must be ≥ 1 (fullBatch() takes the whole data set), got 0",
        assertThrows(
                IllegalArgumentException.class, () -> TrainingConfig.builder().batchSize(0).build())
            .getMessage());
    assertEquals(
        "learningRate must be finite and ≥ 0, got -0.1",
        assertThrows(IllegalArgumentException.class, () -> new Sgd(-0.1)).getMessage());
    assertEquals(
        "a dense layer needs at least one input and one output, got 3 → 0",
        assertThrows(IllegalArgumentException.class, () -> new Dense(3, 0, true, DType.FLOAT64))
            .getMessage());
  }
}
