package dev.nabla.io.model;

import dev.nabla.io.data.Scaler;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained network and everything needed to use it on raw data.
 *
 * @param network the layers and weights
 * @param loss the name of the loss it was trained with ({@link Losses#parse} reads it)
 * @param scaler the feature scaling fitted on the training data
 * @param featureNames the input columns, in order
 * @param labelNames the class of each output, in order; empty for regression
 * @param provenance how it was made: configuration, seed, data file and its SHA-256, version
 * @param recipe the recipe that trained it, which replays the run; null if it is not known (a
 *     format version 1 file, or a network trained without one)
 */
public record Model(
    Network network,
    String loss,
    Scaler scaler,
    List<String> featureNames,
    List<String> labelNames,
    Map<String, String> provenance,
    Recipe recipe) {
  public Model {
    Objects.requireNonNull(network, "network");
    Losses.parse(loss);
    featureNames = List.copyOf(featureNames);
    labelNames = List.copyOf(labelNames);
    provenance = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    if (scaler.offset().length != network.inputSize()) {
      throw new IllegalArgumentException(
          "the scaler has "
              + scaler.offset().length
              + " features but the network takes "
              + network.inputSize());
    }
  }

  /** A model whose recipe is not known. */
  public Model(
      Network network,
      String loss,
      Scaler scaler,
      List<String> featureNames,
      List<String> labelNames,
      Map<String, String> provenance) {
    this(network, loss, scaler, featureNames, labelNames, provenance, null);
  }

  public boolean isClassification() {
    return !labelNames.isEmpty();
  }

  public Loss lossFunction() {
    return Losses.parse(loss);
  }

  /** The network's raw outputs for raw (unscaled) features, in inference mode. */
  public Tensor outputs(Tensor rawFeatures) {
    return network.predict(inputs(rawFeatures));
  }

  /**
   * Raw features as the network takes them: scaled in float64, the precision the scaler was fitted
   * and training scaled in, and only then cast to the network's. Casting first would lose what
   * float32 cannot hold of a raw value (a Unix timestamp's last digits, a feature near 1e200) and
   * skew every prediction from what training saw.
   *
   * @throws IllegalArgumentException if the features are not {@code [samples × inputs]}
   */
  public Tensor inputs(Tensor rawFeatures) {
    int columns = scaler.offset().length;
    if (rawFeatures.shape().rank() != 2 || rawFeatures.columns() != columns) {
      throw new IllegalArgumentException(
          "the model takes " + columns + " features per row, got " + rawFeatures.shape());
    }
    double[] offset = scaler.offset();
    double[] scale = scaler.scale();
    Tensor inputs = Tensor.zeros(network.dtype(), rawFeatures.shape());
    for (int index = 0; index < rawFeatures.size(); index++) {
      int column = index % columns;
      inputs.set(index, (rawFeatures.get(index) - offset[column]) / scale[column]);
    }
    return inputs;
  }

  /**
   * Class probabilities for raw features: the outputs themselves if the network ends in a softmax
   * or sigmoid, else softmax (or, for one output, sigmoid) of the logits the loss took.
   */
  public Tensor probabilities(Tensor rawFeatures) {
    Tensor outputs = outputs(rawFeatures);
    if (!loss.endsWith("with_logits") && !loss.equals("softmax_cross_entropy")) {
      return outputs;
    }
    Tensor probabilities = Tensor.zeros(outputs.dtype(), outputs.shape());
    if (outputs.columns() == 1) {
      for (int row = 0; row < outputs.rows(); row++) {
        probabilities.set(row, dev.nabla.activations.Sigmoid.sigmoid(outputs.get(row)));
      }
    } else {
      new dev.nabla.activations.Softmax().forward(outputs, probabilities);
    }
    return probabilities;
  }
}
