package dev.nabla.io.data;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Labelled samples and what they mean.
 *
 * @param features {@code [samples × features]}
 * @param targets {@code [samples × outputs]}: one-hot rows for classification, values for
 *     regression
 * @param featureNames one per feature column
 * @param labelNames the class of each one-hot column, in order; empty for regression
 * @param source where the samples came from, for messages
 */
public record Dataset(
    Tensor features,
    Tensor targets,
    List<String> featureNames,
    List<String> labelNames,
    String source) {
  public Dataset {
    featureNames = List.copyOf(featureNames);
    labelNames = List.copyOf(labelNames);
    if (featureNames.size() != features.columns()) {
      throw new IllegalArgumentException(
          source
              + ": "
              + features.columns()
              + " feature columns but "
              + featureNames.size()
              + " feature names "
              + featureNames);
    }
    if (features.rows() != targets.rows()) {
      throw new IllegalArgumentException(
          source + ": " + features.rows() + " feature rows but " + targets.rows() + " target rows");
    }
  }

  public boolean isClassification() {
    return !labelNames.isEmpty();
  }

  public int size() {
    return features.rows();
  }

  /** The samples at {@code indices}, in that order. */
  public Dataset rows(int[] indices) {
    return new Dataset(
        features.gatherRows(indices, 0, indices.length),
        targets.gatherRows(indices, 0, indices.length),
        featureNames,
        labelNames,
        source);
  }

  /** The class index of each sample (the hot column of its target row). */
  public int[] classes() {
    int[] classes = new int[size()];
    int columns = targets.columns();
    for (int row = 0; row < classes.length; row++) {
      for (int column = 0; column < columns; column++) {
        if (targets.get(row * columns + column) == 1) {
          classes[row] = column;
        }
      }
    }
    return classes;
  }
}
