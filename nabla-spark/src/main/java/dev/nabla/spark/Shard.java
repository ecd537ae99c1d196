package dev.nabla.spark;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * One partition's training data, read once from the DataFrame and cached as arrays: the features
 * row-major and the labels. Reading records the first bad value it meets instead of throwing, so
 * that the driver reports it in one line rather than as a failed task's stack trace.
 */
final class Shard implements Serializable {
  private static final long serialVersionUID = 1L;

  /** More classes than this are refused: the labels are then almost surely not class indices. */
  static final int MAX_CLASSES = 1 << 16;

  final int partition;
  final int rows;

  /** The features per row, or -1 if the partition has no rows. */
  final int width;

  private final double[] features;
  private final double[] labels;

  /** The first bad value met, as a sentence; null if the partition is fine. */
  final String problem;

  /** The largest label, or NaN if there are none. */
  final double maxLabel;

  private Shard(
      int partition,
      int rows,
      int width,
      double[] features,
      double[] labels,
      String problem,
      double maxLabel) {
    this.partition = partition;
    this.rows = rows;
    this.width = width;
    this.features = features;
    this.labels = labels;
    this.problem = problem;
    this.maxLabel = maxLabel;
  }

  /**
   * Reads a partition's rows: the vector at {@code featuresIndex} and the number at {@code
   * labelIndex}. With {@code classes}, each label must be a whole number ≥ 0.
   */
  static Shard read(
      int partition,
      Iterator<Row> input,
      int featuresIndex,
      int labelIndex,
      String featuresCol,
      String labelCol,
      boolean classes) {
    double[] features = new double[0];
    double[] labels = new double[16];
    int rows = 0;
    int width = -1;
    double maxLabel = Double.NaN;
    while (input.hasNext()) {
      Row row = input.next();
      String where = " in row " + (rows + 1) + " of partition " + partition;
      if (row.isNullAt(featuresIndex)) {
        return failed(partition, "column '" + featuresCol + "' is null" + where);
      }
      Vector vector = (Vector) row.get(featuresIndex);
      if (width < 0) {
        width = vector.size();
        if (width == 0) {
          return failed(partition, "column '" + featuresCol + "' holds an empty vector" + where);
        }
        features = new double[16 * width];
      } else if (vector.size() != width) {
        return failed(
            partition,
            "column '"
                + featuresCol
                + "' holds a vector of "
                + vector.size()
                + " values"
                + where
                + ", but the rows before it hold "
                + width);
      }
      if (row.isNullAt(labelIndex)) {
        return failed(partition, "column '" + labelCol + "' is null" + where);
      }
      double label = ((Number) row.get(labelIndex)).doubleValue();
      String bad = badLabel(label, classes);
      if (bad != null) {
        return failed(
            partition, "column '" + labelCol + "' holds " + number(label) + where + "; " + bad);
      }
      if (rows == labels.length) {
        labels = Arrays.copyOf(labels, rows * 2);
        features = Arrays.copyOf(features, rows * 2 * width);
      }
      double[] values = vector.toArray();
      for (int column = 0; column < width; column++) {
        if (!Double.isFinite(values[column])) {
          return failed(
              partition,
              "column '"
                  + featuresCol
                  + "' holds "
                  + values[column]
                  + " at index "
                  + column
                  + where
                  + "; every feature must be a finite number");
        }
      }
      System.arraycopy(values, 0, features, rows * width, width);
      labels[rows] = label;
      maxLabel = Double.isNaN(maxLabel) ? label : Math.max(maxLabel, label);
      rows++;
    }
    return new Shard(
        partition,
        rows,
        width,
        Arrays.copyOf(features, Math.max(0, rows * width)),
        Arrays.copyOf(labels, rows),
        null,
        maxLabel);
  }

  /** Why a label cannot be trained on, or null if it can. */
  static String badLabel(double label, boolean classes) {
    if (!Double.isFinite(label)) {
      return "every label must be a finite number";
    }
    if (classes && (label < 0 || label != Math.rint(label))) {
      return "a class label must be a whole number ≥ 0 (index string labels with StringIndexer)";
    }
    if (classes && label >= MAX_CLASSES) {
      return "that would make "
          + (long) label
          + " classes, more than the "
          + MAX_CLASSES
          + " a classifier takes; index the labels with StringIndexer";
    }
    return null;
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.format(Locale.ROOT, "%.1f", value)
        : Double.toString(value);
  }

  private static Shard failed(int partition, String problem) {
    return new Shard(partition, 0, -1, new double[0], new double[0], problem, Double.NaN);
  }

  /** The shard without its data: what the driver checks. */
  Shard summary() {
    return new Shard(partition, rows, width, new double[0], new double[0], problem, maxLabel);
  }

  /** Rows {@code local} (in that order) as inputs {@code [n × width]} in {@code dtype}. */
  Tensor inputs(int[] local, DType dtype) {
    Tensor inputs = Tensor.zeros(dtype, local.length, width);
    for (int at = 0; at < local.length; at++) {
      int offset = local[at] * width;
      for (int column = 0; column < width; column++) {
        inputs.set(at, column, features[offset + column]);
      }
    }
    return inputs;
  }

  /**
   * Rows {@code local}'s targets: with {@code classes}, one-hot rows of {@code outputs}; else the
   * label itself in one column.
   */
  Tensor targets(int[] local, DType dtype, boolean classes, int outputs) {
    Tensor targets = Tensor.zeros(dtype, local.length, classes ? outputs : 1);
    for (int at = 0; at < local.length; at++) {
      double label = labels[local[at]];
      if (classes) {
        targets.set(at, (int) label, 1);
      } else {
        targets.set(at, 0, label);
      }
    }
    return targets;
  }
}
