package dev.nabla.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Six samples of three classes, checkable by hand. Actual classes 0 0 1 1 2 2, predicted 0 1 1 1 2
 * 0, so the confusion matrix (rows actual) is [[1 1 0] [0 2 0] [1 0 1]].
 */
class MetricsTest {
  private static final Tensor PROBABILITIES =
      Tensor.matrix(
          DType.FLOAT64,
          new double[][] {
            {0.7, 0.2, 0.1},
            {0.3, 0.6, 0.1},
            {0.1, 0.8, 0.1},
            {0.2, 0.5, 0.3},
            {0.1, 0.1, 0.8},
            {0.6, 0.3, 0.1}
          });
  private static final Tensor ONE_HOT =
      Tensor.matrix(
          DType.FLOAT64,
          new double[][] {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, 1}});

  @Test
  void confusionMatrixAndPerClassFigures() {
    ConfusionMatrix matrix = ConfusionMatrix.of(PROBABILITIES, ONE_HOT);
    long[][] expected = {{1, 1, 0}, {0, 2, 0}, {1, 0, 1}};
    for (int actual = 0; actual < 3; actual++) {
      for (int predicted = 0; predicted < 3; predicted++) {
        assertEquals(expected[actual][predicted], matrix.count(actual, predicted));
      }
    }
    assertEquals(0.5, matrix.precision(0));
    assertEquals(2.0 / 3, matrix.precision(1), 1e-15);
    assertEquals(1, matrix.precision(2));
    assertEquals(0.5, matrix.recall(0));
    assertEquals(1, matrix.recall(1));
    assertEquals(0.5, matrix.recall(2));
    assertEquals(0.8, matrix.f1(1), 1e-15);
  }

  @Test
  void classificationMetrics() {
    assertEquals(4.0 / 6, Metrics.accuracy().compute(PROBABILITIES, ONE_HOT), 1e-15);
    assertEquals(5.0 / 6, Metrics.topKAccuracy(2).compute(PROBABILITIES, ONE_HOT), 1e-15);
    assertEquals(1, Metrics.topKAccuracy(3).compute(PROBABILITIES, ONE_HOT));
    assertEquals(
        (0.5 + 2.0 / 3 + 1) / 3, Metrics.macroPrecision().compute(PROBABILITIES, ONE_HOT), 1e-15);
    assertEquals((0.5 + 1 + 0.5) / 3, Metrics.macroRecall().compute(PROBABILITIES, ONE_HOT), 1e-15);
    assertEquals(
        (0.5 + 0.8 + 2.0 / 3) / 3, Metrics.macroF1().compute(PROBABILITIES, ONE_HOT), 1e-15);
    double logLoss =
        -(Math.log(0.7)
                + Math.log(0.3)
                + Math.log(0.8)
                + Math.log(0.5)
                + Math.log(0.8)
                + Math.log(0.1))
            / 6;
    assertEquals(logLoss, Metrics.logLoss().compute(PROBABILITIES, ONE_HOT), 1e-15);
  }

  @Test
  void oneColumnBinaryOutputsUseAThreshold() {
    Tensor targets = Tensor.matrix(DType.FLOAT64, new double[][] {{0}, {1}, {0}, {1}});
    Tensor probabilities =
        Tensor.matrix(DType.FLOAT64, new double[][] {{0.2}, {0.7}, {0.5}, {0.4}});
    Tensor logits = Tensor.matrix(DType.FLOAT64, new double[][] {{-1}, {2}, {0}, {-0.1}});

    assertEquals(0.5, Metrics.accuracy().compute(probabilities, targets));
    assertEquals(0.5, Metrics.accuracyFromLogits().compute(logits, targets));
    assertEquals(2, ConfusionMatrix.of(probabilities, targets).classes());
    double logLoss = -(Math.log(0.8) + Math.log(0.7) + Math.log(0.5) + Math.log(0.4)) / 4;
    assertEquals(logLoss, Metrics.logLoss().compute(probabilities, targets), 1e-15);
  }

  @Test
  void regressionMetrics() {
    Tensor targets = Tensor.matrix(DType.FLOAT64, new double[][] {{1}, {2}, {3}, {4}});
    Tensor predictions = Tensor.matrix(DType.FLOAT64, new double[][] {{1.1}, {1.9}, {3.2}, {3.8}});

    assertEquals(0.025, Metrics.meanSquaredError().compute(predictions, targets), 1e-15);
    assertEquals(
        Math.sqrt(0.025), Metrics.rootMeanSquaredError().compute(predictions, targets), 1e-15);
    assertEquals(0.15, Metrics.meanAbsoluteError().compute(predictions, targets), 1e-15);
    assertEquals(1 - 0.1 / 5, Metrics.r2().compute(predictions, targets), 1e-15);
  }

  @Test
  void mismatchedShapesNameTheMetric() {
    ShapeException error =
        assertThrows(
            ShapeException.class,
            () -> Metrics.accuracy().compute(PROBABILITIES, Tensor.zeros(DType.FLOAT64, 6, 2)));
    assertEquals(
        "accuracy: predictions [6 × 3] and targets [6 × 2] must be batches of the same shape",
        error.getMessage());
  }
}
