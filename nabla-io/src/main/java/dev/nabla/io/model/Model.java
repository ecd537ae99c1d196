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
    return network.predict(scaler.transform(rawFeatures.to(network.dtype())));
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
