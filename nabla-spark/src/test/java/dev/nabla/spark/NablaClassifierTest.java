package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.network.Network;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.EpochEnd;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training on local[2]: the same weights as one machine, and a classifier that learns. */
class NablaClassifierTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTests.session("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static NablaClassifier float64Classifier() {
    return new NablaClassifier()
        .setLayers("8:tanh")
        .setOptimizer("adam")
        .setLearningRate(0.02)
        .setSchedule("exponential:0.7")
        .setEpochs(3)
        .setBatchSize(32)
        .setSeed(7)
        .setPrecision("float64");
  }

  @Test
  void syncTrainingEqualsSingleMachineTrainingOnTheSameBatchesInFloat64() {
    List<Row> rows = SparkTests.blobs(300, 11);
    List<EpochEnd> events = new ArrayList<>();
    NablaClassificationModel model =
        float64Classifier().addListener(events::add).fit(SparkTests.frame(spark, rows, 3));

    Recipe recipe = model.nablaModel().recipe();
    Network single = recipe.network(4);
    Tensor inputs = Tensor.zeros(DType.FLOAT64, rows.size(), 4);
    Tensor targets = Tensor.zeros(DType.FLOAT64, rows.size(), 3);
    for (int row = 0; row < rows.size(); row++) {
      double[] x = ((Vector) rows.get(row).get(0)).toArray();
      for (int column = 0; column < 4; column++) {
        inputs.set(row, column, x[column]);
      }
      targets.set(row, (int) rows.get(row).getDouble(1), 1);
    }
    List<EpochEnd> singleEvents = new ArrayList<>();
    recipe.trainerBuilder().listener(singleEvents::add).build().fit(single, inputs, targets);

    Network spread = model.nablaModel().network();
    for (String name : single.parameters().keySet()) {
      assertArrayEquals(
          single.parameter(name).value().toDoubleArray(),
          spread.parameter(name).value().toDoubleArray(),
          1e-9,
          name);
    }
    // The same events as local training: one per epoch, same steps, rates and losses.
    assertEquals(3, events.size());
    for (int epoch = 0; epoch < 3; epoch++) {
      assertEquals(singleEvents.get(epoch).steps(), events.get(epoch).steps());
      assertEquals(singleEvents.get(epoch).learningRate(), events.get(epoch).learningRate(), 1e-15);
      assertEquals(singleEvents.get(epoch).loss(), events.get(epoch).loss(), 1e-9);
    }
    assertEquals(3L * 10, model.trainingStatistics().jobs());
  }

  @Test
  void localSgdLearnsTheBlobs() {
    Dataset<Row> data = SparkTests.frame(spark, SparkTests.blobs(600, 3), 2);
    NablaClassificationModel model =
        new NablaClassifier()
            .setLayers("16:relu")
            .setTrainingMode("local-sgd")
            .setLocalSteps(4)
            .setLearningRate(0.01)
            .setEpochs(5)
            .setBatchSize(16)
            .fit(data);
    List<Row> scored = model.transform(data).select("label", "prediction").collectAsList();
    long right = scored.stream().filter(row -> row.getDouble(0) == row.getDouble(1)).count();
    double accuracy = (double) right / scored.size();
    assertTrue(accuracy >= 0.95, "training accuracy " + accuracy);
    // 2 partitions of 300 rows, 19 batches of 16 each: 5 rounds of 4 steps per epoch.
    assertEquals(5L * 5, model.trainingStatistics().jobs());
  }
}
