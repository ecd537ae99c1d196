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
        for (int index = 0; index < features.size(); index++) {
          offset[index % columns] += features.get(index) / rows;
        }
        double[] variance = new double[columns];
        for (int index = 0; index < features.size(); index++) {
          double centred = features.get(index) - offset[index % columns];
          variance[index % columns] += centred * centred / rows;
        }
        for (int column = 0; column < columns; column++) {
          scale[column] = variance[column] > 0 ? Math.sqrt(variance[column]) : 1;
        }
        return new Scaler("standard", offset, scale);
      case "minmax":
        double[] max = new double[columns];
        Arrays.fill(offset, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int index = 0; index < features.size(); index++) {
          offset[index % columns] = Math.min(offset[index % columns], features.get(index));
          max[index % columns] = Math.max(max[index % columns], features.get(index));
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
    if (features.columns() != offset.length) {
      throw new IllegalArgumentException(
          "the scaler was fitted on " + offset.length + " features, got " + features.columns());
    }
    Tensor scaled = features.copy();
    int columns = offset.length;
    for (int index = 0; index < scaled.size(); index++) {
      int column = index % columns;
      scaled.set(index, (features.get(index) - offset[column]) / scale[column]);
    }
    return scaled;
  }
}
