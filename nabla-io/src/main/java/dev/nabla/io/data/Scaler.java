package dev.nabla.io.data;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
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
  private static final List<String> KINDS = List.of("standard", "minmax", "none");

  /**
   * A scaler of the given parts, each checked: a model file holding a negative, zero or infinite
   * scale would otherwise turn every input into nonsense without a word.
   *
   * @throws IllegalArgumentException for an unknown kind, or an offset or scale that cannot be
   */
  public Scaler {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(offset, "offset");
    Objects.requireNonNull(scale, "scale");
    if (!KINDS.contains(kind)) {
      throw unknown(kind);
    }
    if (offset.length != scale.length) {
      throw new IllegalArgumentException(
          "scaler has " + offset.length + " offsets but " + scale.length + " scales");
    }
    offset = offset.clone();
    scale = scale.clone();
    for (int column = 0; column < scale.length; column++) {
      if (!Double.isFinite(offset[column])) {
        throw new IllegalArgumentException(
            "offset "
                + (column + 1)
                + " is "
                + offset[column]
                + "; every offset must be a finite number");
      }
      if (!(scale[column] > 0 && scale[column] < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(
            "scale "
                + (column + 1)
                + " is "
                + scale[column]
                + "; every scale must be a positive finite number");
      }
    }
  }

  /**
   * Fits a scaler of {@code kind} to the features.
   *
   * @throws IllegalArgumentException for an unknown kind, listing the known ones
   * @throws DataException if there are no samples, or a feature's range exceeds a double's
   */
  public static Scaler fit(String kind, Tensor features) {
    int columns = features.columns();
    double[] offset = new double[columns];
    double[] scale = new double[columns];
    Arrays.fill(scale, 1);
    String known = kind.toLowerCase(Locale.ROOT);
    if (!KINDS.contains(known)) {
      throw unknown(kind);
    }
    if (known.equals("none")) {
      return new Scaler("none", offset, scale);
    }
    if (features.rows() == 0) {
      throw new DataException("no samples to fit the scaling to");
    }
    if (known.equals("standard")) {
      standard(features, offset, scale);
    } else {
      minmax(features, offset, scale);
    }
    return new Scaler(known, offset, scale);
  }

  /**
   * The mean and (population) standard deviation of each column, computed on the values divided by
   * a power of two near the column's largest magnitude: squares of values near 1e200 overflow to
   * Infinity, which made the scale infinite and every input 0. A power of two divides exactly, so
   * ordinary values get the same results as unscaled arithmetic.
   */
  private static void standard(Tensor features, double[] offset, double[] scale) {
    int rows = features.rows();
    int columns = features.columns();
    int[] exponent = new int[columns];
    double[] largest = new double[columns];
    for (int index = 0; index < rows * columns; index++) {
      int column = index % columns;
      largest[column] = Math.max(largest[column], Math.abs(features.get(index)));
    }
    for (int column = 0; column < columns; column++) {
      exponent[column] = largest[column] > 0 ? Math.getExponent(largest[column]) : 0;
    }
    double[] mean = new double[columns];
    for (int index = 0; index < rows * columns; index++) {
      int column = index % columns;
      mean[column] += Math.scalb(features.get(index), -exponent[column]);
    }
    double[] variance = new double[columns];
    for (int column = 0; column < columns; column++) {
      mean[column] /= rows;
    }
    for (int index = 0; index < rows * columns; index++) {
      int column = index % columns;
      double centred = Math.scalb(features.get(index), -exponent[column]) - mean[column];
      variance[column] += centred * centred / rows;
    }
    for (int column = 0; column < columns; column++) {
      offset[column] = Math.scalb(mean[column], exponent[column]);
      scale[column] =
          variance[column] > 0 ? Math.scalb(Math.sqrt(variance[column]), exponent[column]) : 1;
    }
  }

  /**
   * The minimum and range of each column.
   *
   * @throws DataException if a range exceeds the largest double
   */
  private static void minmax(Tensor features, double[] offset, double[] scale) {
    int columns = features.columns();
    double[] max = new double[columns];
    Arrays.fill(offset, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (int index = 0; index < features.size(); index++) {
      int column = index % columns;
      double value = features.get(index);
      offset[column] = Math.min(offset[column], value);
      max[column] = Math.max(max[column], value);
    }
    for (int column = 0; column < columns; column++) {
      double range = max[column] - offset[column];
      if (range == Double.POSITIVE_INFINITY) {
        throw new DataException(
            "feature column "
                + (column + 1)
                + " spans "
                + offset[column]
                + " to "
                + max[column]
                + ", too wide to scale to [0, 1]; use standard scaling");
      }
      scale[column] = range > 0 ? range : 1;
    }
  }

  private static IllegalArgumentException unknown(String kind) {
    return new IllegalArgumentException(
        "unknown scaling '" + kind + "'; expected standard, minmax or none");
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
        double value = features.get(index);
        double scaled = (value - offset[column]) / scale[column];
        // The difference of two values near the largest double can overflow; their quotients not.
        features.set(
            index,
            Double.isFinite(scaled)
                ? scaled
                : value / scale[column] - offset[column] / scale[column]);
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
