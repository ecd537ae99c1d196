package dev.nabla.spark;

import dev.nabla.activations.Sigmoid;
import dev.nabla.activations.Softmax;
import dev.nabla.network.Network;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores a partition in batches of {@link #BATCH} rows through the network's thread-safe predict,
 * appending the model's columns to each row in {@code roles}' order: {@code prediction} (the class
 * index with the highest output, or the regression's value), {@code rawPrediction} (the network's
 * outputs) and {@code probability}.
 */
final class ScoringTask implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Rows scored at a time: large enough for the matrix kernels, small enough to stay in cache. */
  static final int BATCH = 512;

  enum Role {
    PREDICTION,
    RAW_PREDICTION,
    PROBABILITY
  }

  private final NetworkPayload payload;
  private final int featuresIndex;
  private final String featuresCol;
  private final int labelIndex;
  private final String labelCol;
  private final int classes;
  private final String loss;
  private final Role[] roles;

  /** Spark's {@code thresholds}: the prediction is the class of the largest p/t; null for p. */
  private final double[] thresholds;

  /**
   * @param labelIndex the label column's index, to check its classes were trained on; -1 if the
   *     data has no label column or the model is a regression
   * @param classes the classes, or 0 for a regression
   * @param thresholds a classifier's thresholds Param, or null if it is not set
   */
  ScoringTask(
      NetworkPayload payload,
      int featuresIndex,
      String featuresCol,
      int labelIndex,
      String labelCol,
      int classes,
      String loss,
      Role[] roles,
      double[] thresholds) {
    this.payload = payload;
    this.featuresIndex = featuresIndex;
    this.featuresCol = featuresCol;
    this.labelIndex = labelIndex;
    this.labelCol = labelCol;
    this.classes = classes;
    this.loss = loss;
    this.roles = roles.clone();
    this.thresholds = thresholds == null ? null : thresholds.clone();
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    Network network = payload.network();
    int partition = TaskContext.get() == null ? 0 : TaskContext.get().partitionId();
    return new Iterator<>() {
      private final List<Row> pending = new ArrayList<>();
      private int next;
      private long seen;

      @Override
      public boolean hasNext() {
        if (next < pending.size()) {
          return true;
        }
        pending.clear();
        next = 0;
        List<Row> batch = new ArrayList<>(BATCH);
        while (batch.size() < BATCH && input.hasNext()) {
          batch.add(input.next());
        }
        if (batch.isEmpty()) {
          return false;
        }
        score(network, batch, partition, seen);
        seen += batch.size();
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return pending.get(next++);
      }

      private void score(Network network, List<Row> batch, int partition, long before) {
        int width = network.inputSize();
        Tensor inputs = Tensor.zeros(network.dtype(), batch.size(), width);
        for (int at = 0; at < batch.size(); at++) {
          Row row = batch.get(at);
          String where = " in row " + (before + at + 1) + " of partition " + partition;
          if (row.isNullAt(featuresIndex)) {
            throw new IllegalArgumentException("column '" + featuresCol + "' is null" + where);
          }
          Vector vector = (Vector) row.get(featuresIndex);
          if (vector.size() != width) {
            throw new IllegalArgumentException(
                "column '"
                    + featuresCol
                    + "' holds a vector of "
                    + vector.size()
                    + " values"
                    + where
                    + ", but the model takes "
                    + width);
          }
          if (labelIndex >= 0 && !row.isNullAt(labelIndex)) {
            checkLabel(((Number) row.get(labelIndex)).doubleValue(), where);
          }
          double[] values = vector.toArray();
          for (int column = 0; column < width; column++) {
            inputs.set(at, column, values[column]);
          }
        }
        Tensor outputs = network.predict(inputs);
        Tensor probabilities = classes > 0 ? probabilities(outputs) : null;
        int columns = outputs.columns();
        for (int at = 0; at < batch.size(); at++) {
          Row row = batch.get(at);
          Object[] values = new Object[row.size() + roles.length];
          for (int column = 0; column < row.size(); column++) {
            values[column] = row.get(column);
          }
          double[] raw = new double[columns];
          for (int column = 0; column < columns; column++) {
            raw[column] = outputs.get(at, column);
          }
          for (int role = 0; role < roles.length; role++) {
            values[row.size() + role] =
                switch (roles[role]) {
                  case PREDICTION -> classes > 0 ? prediction(raw, probabilities, at) : raw[0];
                  case RAW_PREDICTION -> Vectors.dense(raw);
                  case PROBABILITY -> {
                    double[] p = new double[columns];
                    for (int column = 0; column < columns; column++) {
                      p[column] = probabilities.get(at, column);
                    }
                    yield Vectors.dense(p);
                  }
                };
          }
          pending.add(RowFactory.create(values));
        }
      }
    };
  }

  private void checkLabel(double label, String where) {
    if (!(label >= 0 && label < classes && label == Math.rint(label))) {
      throw new IllegalArgumentException(
          "column '"
              + labelCol
              + "' holds "
              + label
              + where
              + ", a class the model was not trained on: it knows the classes 0 to "
              + (classes - 1));
    }
  }

  /** Class probabilities from the outputs, as the loss the network was trained with reads them. */
  private Tensor probabilities(Tensor outputs) {
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

  /** The class: the largest output, or with thresholds the largest probability / threshold. */
  private double prediction(double[] raw, Tensor probabilities, int row) {
    if (thresholds == null) {
      return argmax(raw);
    }
    double[] scaled = new double[raw.length];
    for (int column = 0; column < raw.length; column++) {
      scaled[column] = probabilities.get(row, column) / thresholds[column];
    }
    return argmax(scaled);
  }

  /** The index of the largest value, the first of equals. */
  static int argmax(double[] values) {
    int best = 0;
    for (int index = 1; index < values.length; index++) {
      if (values[index] > values[best]) {
        best = index;
      }
    }
    return best;
  }
}
