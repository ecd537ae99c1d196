package dev.nabla.io.data;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Feature scaling {@code x′ = (x − offset) / scale}, per feature, fitted on training data only and
 * stored with the model so that prediction applies the same transform.
 *
 * <ul>
 *   <li>{@code standard}: offset the mean, scale the (population) standard deviation;
 *   <li>{@code minmax}: offset the minimum, scale the range, mapping training data onto [0, 1];
 *   <li>{@code none}: offset 0, scale 1.
 * </ul>
 *
 * A constant feature gets scale 1, so it maps to 0 rather than to a division by zero.
 *
 * @param kind {@code standard}, {@code minmax} or {@code none}
 */
public record Scaler(String kind, double[] offset, double[] scale) {
  public Scaler {
    Objects.requireNonNull(kind, "kind");
    if (offset.length != scale.length) {
      throw new IllegalArgumentException(
          "scaler has " + offset.length + " offsets but " + scale.length + " scales");
    }
    offset = offset.clone();
    scale = scale.clone();
  }

  /**
   * Fits a scaler of {@code kind} to the features.
   *
   * @throws IllegalArgumentException for an unknown kind, listing the known ones
   */
  public static Scaler fit(String kind, Tensor features) {
    int columns = features.columns();
    int rows = features.rows();
    double[] offset = new double[columns];
    double[] scale = new double[columns];
    Arrays.fill(scale, 1);
    switch (kind.toLowerCase(Locale.ROOT)) {
      case "none":
        return new Scaler("none", offset, scale);
      case "standard":
        for (int row = 0; row < rows; row++) {
          for (int column = 0; column < columns; column++) {
            offset[column] += features.get(row * columns + column) / rows;
          }
        }
        double[] variance = new double[columns];
        for (int row = 0; row < rows; row++) {
          for (int column = 0; column < columns; column++) {
            double centred = features.get(row * columns + column) - offset[column];
            variance[column] += centred * centred / rows;
          }
        }
        for (int column = 0; column < columns; column++) {
          scale[column] = variance[column] > 0 ? Math.sqrt(variance[column]) : 1;
        }
        return new Scaler("standard", offset, scale);
      case "minmax":
        double[] max = new double[columns];
        Arrays.fill(offset, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int row = 0; row < rows; row++) {
          for (int column = 0; column < columns; column++) {
            double value = features.get(row * columns + column);
            offset[column] = Math.min(offset[column], value);
            max[column] = Math.max(max[column], value);
          }
        }
        for (int column = 0; column < columns; column++) {
          scale[column] = max[column] > offset[column] ? max[column] - offset[column] : 1;
        }
        return new Scaler("minmax", offset, scale);
      default:
        throw new IllegalArgumentException(
            "unknown scaling '" + kind + "'; expected standard, minmax or none");
    }
  }

  /** The scaled copy of {@code features}, in their precision. */
  public Tensor transform(Tensor features) {
    checkColumns(features);
    return transformInPlace(features.copy());
  }

  /**
   * Scales {@code features} themselves and returns them: for data that is only ever used scaled,
   * this spares a second copy (Fashion-MNIST's images are 188 MB in float32).
   */
  public Tensor transformInPlace(Tensor features) {
    checkColumns(features);
    int columns = offset.length;
    for (int row = 0; row < features.rows(); row++) {
      int start = row * columns;
      for (int column = 0; column < columns; column++) {
        int index = start + column;
        features.set(index, (features.get(index) - offset[column]) / scale[column]);
      }
    }
    return features;
  }

  private void checkColumns(Tensor features) {
    if (features.columns() != offset.length) {
      throw new IllegalArgumentException(
          "the scaler was fitted on " + offset.length + " features, got " + features.columns());
    }
  }
}
