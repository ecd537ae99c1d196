package dev.nabla.io.model;

import dev.nabla.activations.Sigmoid;
import dev.nabla.activations.Softmax;
import dev.nabla.io.data.Scaler;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained network and everything needed to use it on raw data. Its parts must fit the network and
 * each other (one name per input, one label per output of a classifier, a usable scaler): a model
 * that could not be used without a wrong answer is not made.
 *
 * @param network the layers and weights
 * @param loss the loss it was trained with, by any name {@link Losses#parse} reads; the model keeps
 *     its own name ({@link Losses#name}), by which {@link #probabilities} knows what outputs mean
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
  /**
   * @throws IllegalArgumentException naming the part that does not fit: names, labels, scaler or
   *     loss that do not match the network's widths or each other, or a recipe with another loss
   */
  public Model {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(scaler, "scaler");
    // By its own name, which probabilities() and files go by, however it was spelt.
    loss = ModelChecks.lossName(Objects.requireNonNull(loss, "loss"));
    featureNames = List.copyOf(featureNames);
    labelNames = List.copyOf(labelNames);
    provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    ModelChecks.check(
        network.inputSize(), network.outputSize(), loss, scaler, featureNames, labelNames, recipe);
    if (recipe != null) {
      ModelChecks.checkRecipe(recipe, dev.nabla.network.Architecture.of(network));
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

  /** Whether the model's outputs turn into class probabilities: a cross-entropy loss. */
  public boolean hasProbabilities() {
    return isClassification() && Losses.takesClasses(loss);
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
      if (!Double.isFinite(inputs.get(index))) {
        throw new IllegalArgumentException(
            "feature '"
                + featureNames.get(column)
                + "' in row "
                + (index / columns + 1)
                + " is "
                + rawFeatures.get(index)
                + ", which scales to "
                + inputs.get(index)
                + " in "
                + network.dtype()
                + ": far outside the data the model was trained on");
      }
    }
    return inputs;
  }

  /**
   * Class probabilities for raw features: the outputs themselves if the network ends in a softmax
   * or sigmoid; the softmax of the logits {@code softmax_cross_entropy} took; each logit's sigmoid
   * for {@code binary_cross_entropy_with_logits}, which trained every output as its own yes-or-no.
   */
  public Tensor probabilities(Tensor rawFeatures) {
    if (!hasProbabilities()) {
      throw new IllegalArgumentException(
          "this model was trained with "
              + loss
              + ", so its outputs are scores, not probabilities; only a model trained with a"
              + " cross-entropy loss gives probabilities");
    }
    Tensor outputs = outputs(rawFeatures);
    Tensor probabilities = Tensor.zeros(outputs.dtype(), outputs.shape());
    switch (loss) {
      case "softmax_cross_entropy" -> new Softmax().forward(outputs, probabilities);
      case "binary_cross_entropy_with_logits" -> {
        for (int index = 0; index < outputs.size(); index++) {
          probabilities.set(index, Sigmoid.sigmoid(outputs.get(index)));
        }
      }
      default -> probabilities = outputs;
    }
    return probabilities;
  }
}
