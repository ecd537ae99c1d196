package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.training.RecipeTraining;
import dev.nabla.metrics.Metric;
import dev.nabla.network.Network;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.EpochEnd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression on local[3], three partitions at once. */
class NablaRegressorTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTests.session("local[3]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** y = 2·x₀ − x₁ + 0.5 with a little noise. */
  private static Dataset<Row> line(int samples, int partitions) {
    SplittableRandom random = new SplittableRandom(21);
    List<Row> rows = new ArrayList<>();
    for (int sample = 0; sample < samples; sample++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      double y = 2 * a - b + 0.5 + 0.01 * random.nextGaussian();
      rows.add(RowFactory.create(Vectors.dense(a, b), y));
    }
    return SparkTests.frame(spark, rows, partitions);
  }

  @Test
  void aRegressorLearnsALineInBothModesAndSavesAndLoads(@TempDir Path folder) throws Exception {
    Dataset<Row> data = line(600, 3);
    for (String mode : List.of("sync", "local-sgd")) {
      NablaRegressionModel model =
          new NablaRegressor()
              .setLayers("")
              .setLearningRate(0.1)
              .setSchedule("exponential:0.7")
              .setEpochs(8)
              // The global batch in sync mode, each partition's in local SGD.
              .setBatchSize(mode.equals("sync") ? 50 : 16)
              .setTrainingMode(mode)
              .setLocalSteps(4)
              .fit(data);
      double squared =
          model
              .transform(data)
              .selectExpr("avg((prediction - label) * (prediction - label))")
              .first()
              .getDouble(0);
      assertTrue(squared < 0.01, mode + ": mean squared error " + squared);
      String path = folder.resolve(mode).toString();
      model.write().save(path);
      NablaRegressionModel loaded = NablaRegressionModel.load(path);
      assertEquals(
          model.transform(data).select("prediction").collectAsList(),
          loaded.transform(data).select("prediction").collectAsList());
    }
  }

  @Test
  void threePartitionsGiveTheSameModelTwiceAndAnotherPartitioningAnother() {
    NablaRegressor regressor =
        new NablaRegressor().setLayers("4:tanh").setEpochs(2).setPrecision("float64");
    List<EpochEnd> events = new ArrayList<>();
    NablaRegressionModel model =
        new NablaRegressor()
            .setLayers("4:tanh")
            .setEpochs(2)
            .setPrecision("float64")
            .addListener(events::add)
            .fit(line(90, 3));
    Network first = model.nablaModel().network();
    assertSameRmseAsOneMachine(line(90, 3).collectAsList(), model, events);
    Network second = regressor.fit(line(90, 3)).nablaModel().network();
    for (String name : first.parameters().keySet()) {
      assertArrayEquals(
          first.parameter(name).value().toDoubleArray(),
          second.parameter(name).value().toDoubleArray(),
          name);
    }
    // Sync mode cuts the same global batches however the rows are split: to rounding.
    Network two = regressor.fit(line(90, 2)).nablaModel().network();
    for (String name : first.parameters().keySet()) {
      assertArrayEquals(
          first.parameter(name).value().toDoubleArray(),
          two.parameter(name).value().toDoubleArray(),
          1e-12,
          name);
    }
  }

  @Test
  void syncValidationEqualsSingleMachineTrainingsInFloat64() {
    List<EpochEnd> events = new ArrayList<>();
    NablaRegressionModel model =
        new NablaRegressor()
            .setLayers("4:tanh")
            .setEpochs(2)
            .setPrecision("float64")
            .setValidationFraction(0.25)
            .addListener(events::add)
            .fit(line(90, 3));
    assertSameRmseAsOneMachine(line(90, 3).collectAsList(), model, events);
    assertEquals(
        List.of("RMSE", "validation loss", "validation RMSE"),
        List.copyOf(events.get(1).metrics().keySet()));
  }

  /**
   * Each sync epoch reports local training's RMSE (and validation figures), equal to one machine's
   * within 1e-9.
   */
  private static void assertSameRmseAsOneMachine(
      List<Row> rows, NablaRegressionModel model, List<EpochEnd> events) {
    Recipe recipe = model.nablaModel().recipe();
    Tensor inputs = Tensor.zeros(DType.FLOAT64, rows.size(), 2);
    Tensor targets = Tensor.zeros(DType.FLOAT64, rows.size(), 1);
    for (int row = 0; row < rows.size(); row++) {
      double[] x = ((Vector) rows.get(row).get(0)).toArray();
      inputs.set(row, 0, x[0]);
      inputs.set(row, 1, x[1]);
      targets.set(row, 0, rows.get(row).getDouble(1));
    }
    List<EpochEnd> single = new ArrayList<>();
    recipe
        .trainerBuilder(RecipeTraining.metrics(false).toArray(new Metric[0]))
        .listener(single::add)
        .build()
        .fit(recipe.network(2), inputs, targets);
    assertEquals(single.size(), events.size());
    for (int epoch = 0; epoch < events.size(); epoch++) {
      assertEquals(
          List.copyOf(single.get(epoch).metrics().keySet()),
          List.copyOf(events.get(epoch).metrics().keySet()));
      assertTrue(events.get(epoch).metrics().containsKey("RMSE"));
      assertEquals(single.get(epoch).loss(), events.get(epoch).loss(), 1e-9);
      for (String name : single.get(epoch).metrics().keySet()) {
        assertEquals(
            single.get(epoch).metrics().get(name),
            events.get(epoch).metrics().get(name),
            1e-9,
            name + " in epoch " + (epoch + 1));
      }
    }
  }

  @Test
  void aClassLossIsRefusedAndNonFiniteLabelsNamed() {
    IllegalArgumentException loss =
        assertThrows(
            IllegalArgumentException.class,
            () -> new NablaRegressor().setLoss("softmax_cross_entropy").fit(line(10, 1)));
    assertTrue(loss.getMessage().startsWith("Param loss is 'softmax_cross_entropy'"));
    Dataset<Row> infinite =
        SparkTests.frame(
            spark,
            List.of(
                RowFactory.create(Vectors.dense(1, 2), 1.0),
                RowFactory.create(Vectors.dense(1, 2), Double.POSITIVE_INFINITY)),
            1);
    IllegalArgumentException label =
        assertThrows(IllegalArgumentException.class, () -> new NablaRegressor().fit(infinite));
    assertEquals(
        "column 'label' holds Infinity in row 2 of partition 0; every label must be a finite"
            + " number",
        label.getMessage());
  }
}
