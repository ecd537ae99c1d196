package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.io.training.RecipeTraining;
import dev.nabla.metrics.Metric;
import dev.nabla.network.Network;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.EpochEnd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on local[2] (with a retry for a failed task): the same weights as one machine, a
 * classifier that learns, pipelines that save and load, faults survived, and bad data refused.
 */
class NablaClassifierTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    // Two threads; a task may fail once and be retried (Spark's local[N, maxFailures]).
    spark = SparkTests.session("local[2,2]");
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

  @AfterEach
  void clearHooks() {
    TestHooks.FAIL_STEP.set(-1);
    TestHooks.STOP_AFTER_STEP.set(-1);
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
    // The metrics local training reports (nabla train's, through RecipeTraining): accuracy.
    recipe
        .trainerBuilder(RecipeTraining.metrics(true).toArray(new Metric[0]))
        .listener(singleEvents::add)
        .build()
        .fit(single, inputs, targets);

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
      assertEquals(List.of("accuracy"), List.copyOf(events.get(epoch).metrics().keySet()));
      assertEquals(
          singleEvents.get(epoch).metrics().get("accuracy"),
          events.get(epoch).metrics().get("accuracy"),
          1e-9,
          "epoch " + (epoch + 1));
    }
    // Not a constant: the first epoch starts from random weights, the last has learned the blobs.
    assertTrue(events.get(0).metrics().get("accuracy") < events.get(2).metrics().get("accuracy"));
    assertEquals(3L * 10, model.trainingStatistics().jobs());
  }

  @Test
  void syncValidationEqualsSingleMachineTrainingsValidationSplitInFloat64() {
    List<Row> rows = SparkTests.blobs(300, 12);
    List<EpochEnd> events = new ArrayList<>();
    NablaClassificationModel model =
        float64Classifier()
            .setValidationFraction(0.2)
            .addListener(events::add)
            .fit(SparkTests.frame(spark, rows, 3));

    // The model's recipe holds validationSplit 0.2: one machine's Trainer holds out the same rows.
    Recipe recipe = model.nablaModel().recipe();
    assertEquals(0.2, recipe.training().validationSplit());
    Tensor inputs = Tensor.zeros(DType.FLOAT64, rows.size(), 4);
    Tensor targets = Tensor.zeros(DType.FLOAT64, rows.size(), 3);
    for (int row = 0; row < rows.size(); row++) {
      double[] x = ((Vector) rows.get(row).get(0)).toArray();
      for (int column = 0; column < 4; column++) {
        inputs.set(row, column, x[column]);
      }
      targets.set(row, (int) rows.get(row).getDouble(1), 1);
    }
    Network single = recipe.network(4);
    List<EpochEnd> singleEvents = new ArrayList<>();
    recipe
        .trainerBuilder(RecipeTraining.metrics(true).toArray(new Metric[0]))
        .listener(singleEvents::add)
        .build()
        .fit(single, inputs, targets);

    for (String name : single.parameters().keySet()) {
      assertArrayEquals(
          single.parameter(name).value().toDoubleArray(),
          model.nablaModel().network().parameter(name).value().toDoubleArray(),
          1e-9,
          name);
    }
    assertEquals(3, events.size());
    for (int epoch = 0; epoch < 3; epoch++) {
      EpochEnd expected = singleEvents.get(epoch);
      EpochEnd actual = events.get(epoch);
      assertEquals(
          List.of("accuracy", "validation loss", "validation accuracy"),
          List.copyOf(actual.metrics().keySet()));
      assertEquals(expected.metrics().keySet(), actual.metrics().keySet());
      assertEquals(expected.steps(), actual.steps());
      assertEquals(expected.loss(), actual.loss(), 1e-9);
      for (String name : expected.metrics().keySet()) {
        assertEquals(
            expected.metrics().get(name),
            actual.metrics().get(name),
            1e-9,
            name + " in epoch " + (epoch + 1));
      }
    }
    // 240 training rows in batches of 32: 8 steps an epoch, and no validation job among them.
    assertEquals(3L * 8, model.trainingStatistics().jobs());

    IllegalArgumentException tooMuch =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                float64Classifier()
                    .setValidationFraction(0.999)
                    .fit(SparkTests.frame(spark, rows, 3)));
    assertEquals(
        "Param validationFraction is 0.999: of the DataFrame's 300 rows it holds out 300 for"
            + " validation and leaves 0 for training; both need at least one",
        tooMuch.getMessage());
  }

  @Test
  void localSgdLearnsTheBlobs() {
    List<EpochEnd> events = new ArrayList<>();
    Dataset<Row> data = SparkTests.frame(spark, SparkTests.blobs(600, 3), 2);
    NablaClassificationModel model =
        new NablaClassifier()
            .setLayers("16:relu")
            .setTrainingMode("local-sgd")
            .setLocalSteps(4)
            .setLearningRate(0.01)
            .setEpochs(5)
            .setBatchSize(16)
            .setValidationFraction(0.1)
            .addListener(events::add)
            .fit(data);
    List<Row> scored = model.transform(data).select("label", "prediction").collectAsList();
    long right = scored.stream().filter(row -> row.getDouble(0) == row.getDouble(1)).count();
    double accuracy = (double) right / scored.size();
    assertTrue(accuracy >= 0.95, "training accuracy " + accuracy);
    // Each epoch reports the accuracy of its training steps' predictions, and the held-out rows'
    // loss and accuracy after the epoch's last average, as local training does.
    assertEquals(5, events.size());
    for (EpochEnd event : events) {
      assertEquals(
          List.of("accuracy", "validation loss", "validation accuracy"),
          List.copyOf(event.metrics().keySet()));
    }
    double validated = events.get(4).metrics().get("validation accuracy");
    assertTrue(validated >= 0.9 && validated <= 1, "the last epoch's validation " + validated);
    double last = events.get(4).metrics().get("accuracy");
    assertTrue(last >= 0.9 && last <= 1, "the last epoch's accuracy " + last);
    assertTrue(events.get(0).metrics().get("accuracy") < last);
    // 2 partitions of 270 training rows or so, 17 or 18 batches of 16 each: 5 rounds of 4 steps
    // per epoch.
    assertEquals(5L * 5, model.trainingStatistics().jobs());
  }

  static void assertSameWeights(Network expected, Network actual) {
    for (String name : expected.parameters().keySet()) {
      assertArrayEquals(
          expected.parameter(name).value().toDoubleArray(),
          actual.parameter(name).value().toDoubleArray(),
          name);
    }
  }

  @Test
  void aPipelineOfAssemblerScalerAndClassifierSavesAndLoadsWithIdenticalPredictions(
      @TempDir Path folder) throws Exception {
    StructType schema =
        new StructType()
            .add("a", DataTypes.DoubleType)
            .add("b", DataTypes.DoubleType)
            .add("c", DataTypes.DoubleType)
            .add("d", DataTypes.DoubleType)
            .add("label", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (Row row : SparkTests.blobs(200, 5)) {
      double[] x = ((Vector) row.get(0)).toArray();
      // Columns on very different scales, which the scaler evens out.
      rows.add(RowFactory.create(100 * x[0], x[1], 0.01 * x[2], x[3] + 50, row.getDouble(1)));
    }
    Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(2);
    Pipeline pipeline =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new VectorAssembler()
                      .setInputCols(new String[] {"a", "b", "c", "d"})
                      .setOutputCol("raw"),
                  new StandardScaler()
                      .setInputCol("raw")
                      .setOutputCol("features")
                      .setWithMean(true),
                  new NablaClassifier().setLayers("8:relu").setEpochs(2).setBatchSize(16)
                });
    PipelineModel fitted = pipeline.fit(data);
    List<Row> before =
        fitted.transform(data).select("rawPrediction", "probability", "prediction").collectAsList();
    String path = folder.resolve("pipeline").toString();
    fitted.write().overwrite().save(path);

    PipelineModel loaded = PipelineModel.load(path);
    List<Row> after =
        loaded.transform(data).select("rawPrediction", "probability", "prediction").collectAsList();
    assertEquals(before, after);
    Vector probability = (Vector) before.get(0).get(1);
    assertEquals(3, probability.size());
    assertEquals(
        1, probability.toArray()[0] + probability.toArray()[1] + probability.toArray()[2], 1e-6);

    // The network is a standard Nabla model file under the stage's path.
    try (var files = Files.walk(folder)) {
      Path modelFile =
          files
              .filter(file -> file.toString().endsWith("nabla/model.nabla"))
              .findFirst()
              .orElseThrow();
      Model model = ModelFile.read(modelFile);
      assertEquals(4, model.network().inputSize());
      assertEquals(List.of("0", "1", "2"), model.labelNames());
    }
  }

  @Test
  void theSameDataPartitioningAndSeedGiveTheSameModelInBothModes() {
    Dataset<Row> data = SparkTests.frame(spark, SparkTests.blobs(200, 8), 2);
    for (String mode : List.of("sync", "local-sgd")) {
      NablaClassifier classifier = float64Classifier().setTrainingMode(mode).setLocalSteps(3);
      Network first = classifier.fit(data).nablaModel().network();
      Network second = classifier.fit(data).nablaModel().network();
      assertSameWeights(first, second);
    }
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndTheModelIsUnchanged() {
    Dataset<Row> data = SparkTests.frame(spark, SparkTests.blobs(200, 9), 2);
    for (String mode : List.of("sync", "local-sgd")) {
      NablaClassifier classifier = float64Classifier().setTrainingMode(mode).setLocalSteps(3);
      Network clean = classifier.fit(data).nablaModel().network();
      TestHooks.failPartition = 1;
      TestHooks.FAIL_STEP.set(4);
      Network retried = classifier.fit(data).nablaModel().network();
      assertEquals(-1, TestHooks.FAIL_STEP.get(), mode + ": the failure was injected");
      assertSameWeights(clean, retried);
    }
  }

  @Test
  void aRunStoppedAfterACheckpointResumesToTheSameModel(@TempDir Path folder) {
    Dataset<Row> data = SparkTests.frame(spark, SparkTests.blobs(200, 10), 2);
    for (String mode : List.of("sync", "local-sgd")) {
      NablaClassifier plain = float64Classifier().setTrainingMode(mode).setLocalSteps(3);
      List<EpochEnd> plainEvents = new ArrayList<>();
      Network uninterrupted = plain.addListener(plainEvents::add).fit(data).nablaModel().network();
      String checkpoints = folder.resolve(mode).toUri().toString();
      boolean sync = mode.equals("sync");
      NablaClassifier checkpointed =
          float64Classifier()
              .setTrainingMode(mode)
              .setLocalSteps(3)
              .setCheckpointDir(checkpoints)
              .setCheckpointInterval(sync ? 4 : 3);
      // Sync takes 7 steps an epoch, local SGD 2 rounds (of 3 steps on 100 rows per partition).
      // Stopped mid-epoch after step 10 or round 5, the last checkpoints are step 8's, round 3's.
      TestHooks.STOP_AFTER_STEP.set(sync ? 10 : 5);
      assertThrows(TestHooks.DriverStopped.class, () -> checkpointed.fit(data), mode);
      assertTrue(
          Files.exists(
              folder
                  .resolve(mode)
                  .resolve("checkpoint-00000000000" + (sync ? 8 : 3) + ".nabla-checkpoint")),
          mode);
      List<EpochEnd> resumedEvents = new ArrayList<>();
      Network resumed =
          checkpointed.addListener(resumedEvents::add).fit(data).nablaModel().network();
      assertSameWeights(uninterrupted, resumed);
      // The epoch the stop cut short reports its loss and metrics over all of its steps.
      assertEquals(2, resumedEvents.size(), mode);
      for (int at = 0; at < 2; at++) {
        EpochEnd expected = plainEvents.get(at + 1);
        EpochEnd actual = resumedEvents.get(at);
        assertEquals(expected.epoch(), actual.epoch(), mode);
        assertEquals(expected.loss(), actual.loss(), mode);
        assertEquals(expected.metrics(), actual.metrics(), mode);
      }

      // Another run refuses the folder rather than continuing a different model.
      IllegalArgumentException other =
          assertThrows(
              IllegalArgumentException.class, () -> checkpointed.setLearningRate(0.5).fit(data));
      assertTrue(other.getMessage().contains("was written by another run"), other.getMessage());
    }
  }

  @Test
  void jobDescriptionsNameTheEpochAndStep() {
    List<String> descriptions = Collections.synchronizedList(new ArrayList<>());
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            descriptions.add(start.properties().getProperty("spark.job.description"));
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      float64Classifier()
          .setEpochs(2)
          .setBatchSize(100)
          .fit(SparkTests.frame(spark, SparkTests.blobs(200, 2), 2));
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    // The listener bus delivers events asynchronously; wait for it to drain.
    long deadline = System.currentTimeMillis() + 10_000;
    while (!descriptions.contains("nabla sync: epoch 2/2, step 2/2")
        && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(descriptions.contains("nabla sync: epoch 1/2, step 1/2"), descriptions.toString());
    assertTrue(descriptions.contains("nabla sync: epoch 2/2, step 2/2"), descriptions.toString());
  }

  private static IllegalArgumentException refused(Dataset<Row> data) {
    return assertThrows(
        IllegalArgumentException.class, () -> new NablaClassifier().setEpochs(1).fit(data));
  }

  private static Dataset<Row> rows(Row... rows) {
    return SparkTests.frame(spark, List.of(rows), 2);
  }

  private static Row row(double[] x, Double label) {
    return RowFactory.create(x == null ? null : Vectors.dense(x), label);
  }

  @Test
  void badDataIsRefusedNamingTheColumnAndWhatWasFound() {
    double[] ok = {1, 2};
    assertEquals(
        "column 'features' is null in row 1 of partition 1",
        refused(rows(row(ok, 0.0), row(null, 1.0))).getMessage());
    assertEquals(
        "column 'label' is null in row 1 of partition 1",
        refused(rows(row(ok, 0.0), row(ok, null))).getMessage());
    assertEquals(
        "column 'features' holds a vector of 3 values in row 2 of partition 0, but the rows before"
            + " it hold 2",
        refused(rows(row(ok, 0.0), row(new double[] {1, 2, 3}, 1.0), row(ok, 1.0), row(ok, 0.0)))
            .getMessage());
    assertEquals(
        "column 'features' holds vectors of 2 values in partition 0 but of 3 in partition 1; every"
            + " row needs the same number of features",
        refused(rows(row(ok, 0.0), row(new double[] {1, 2, 3}, 1.0))).getMessage());
    assertEquals(
        "column 'label' holds -1.0 in row 1 of partition 1; a class label must be a whole number ≥"
            + " 0 (index string labels with StringIndexer)",
        refused(rows(row(ok, 0.0), row(ok, -1.0))).getMessage());
    assertEquals(
        "column 'label' holds 1.5 in row 1 of partition 1; a class label must be a whole number ≥"
            + " 0 (index string labels with StringIndexer)",
        refused(rows(row(ok, 0.0), row(ok, 1.5))).getMessage());
    assertEquals(
        "column 'features' holds NaN at index 1 in row 1 of partition 1; every feature must be a"
            + " finite number",
        refused(rows(row(ok, 0.0), row(new double[] {1, Double.NaN}, 1.0))).getMessage());
    assertEquals(
        "column 'label' holds only class 0; a classifier needs at least two classes",
        refused(rows(row(ok, 0.0), row(ok, 0.0))).getMessage());
    assertEquals(
        "the DataFrame has no rows: there is nothing in column 'features' to train on",
        refused(SparkTests.frame(spark, List.of(), 2)).getMessage());

    StructType textLabels =
        new StructType()
            .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType())
            .add("label", DataTypes.StringType);
    Dataset<Row> text =
        spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(ok), "cat")), textLabels);
    IllegalArgumentException notNumeric = refused(text);
    assertTrue(notNumeric.getMessage().contains("label"), notNumeric.getMessage());
    assertTrue(notNumeric.getMessage().contains("numeric"), notNumeric.getMessage());

    IllegalArgumentException regressionLoss =
        assertThrows(
            IllegalArgumentException.class,
            () -> new NablaClassifier().setLoss("mse").fit(rows(row(ok, 0.0), row(ok, 1.0))));
    assertTrue(regressionLoss.getMessage().startsWith("Param loss is 'mse'"));
  }

  @Test
  void emptyPartitionsAreSkippedNotFatal() {
    List<Row> rows = SparkTests.blobs(60, 4);
    // Four partitions, the last two empty: two of rows and the two of an empty frame.
    Dataset<Row> sparse =
        SparkTests.frame(spark, rows, 2).union(SparkTests.frame(spark, List.of(), 2));
    assertEquals(4, sparse.rdd().getNumPartitions());
    for (String mode : List.of("sync", "local-sgd")) {
      NablaClassificationModel model =
          new NablaClassifier().setEpochs(1).setTrainingMode(mode).fit(sparse);
      assertEquals(60, model.transform(sparse).count());
    }
  }

  @Test
  void aLabelTheModelNeverSawIsAnErrorAtTransform() {
    Dataset<Row> data = SparkTests.frame(spark, SparkTests.blobs(60, 6), 2);
    NablaClassificationModel model = new NablaClassifier().setEpochs(1).fit(data);
    Dataset<Row> unseen =
        rows(row(new double[] {1, 2, 3, 4}, 0.0), row(new double[] {1, 2, 3, 4}, 7.0));
    Exception failed = assertThrows(Exception.class, () -> model.transform(unseen).collect());
    String message = String.valueOf(failed.getMessage());
    assertTrue(
        message.contains(
            "column 'label' holds 7.0 in row 1 of partition 1, a class the model was not trained"
                + " on: it knows the classes 0 to 2"),
        message);
    assertFalse(model.transform(data).isEmpty());
    assertNotNull(model.transform(data.drop("label")).first());

    // Spark's thresholds decide the prediction as p/t: a tiny threshold for class 1 wins every row.
    model.setThresholds(new double[] {1, 1e-12, 1});
    assertEquals(
        List.of(1.0),
        model
            .transform(data)
            .select("prediction")
            .distinct()
            .as(org.apache.spark.sql.Encoders.DOUBLE())
            .collectAsList());
  }
}
