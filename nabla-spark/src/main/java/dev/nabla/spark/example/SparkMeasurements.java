package dev.nabla.spark.example;

import dev.nabla.io.data.IdxReader;
import dev.nabla.layers.LayerText;
import dev.nabla.network.Network;
import dev.nabla.optimizers.OptimizerSpec;
import dev.nabla.recipe.Recipe;
import dev.nabla.spark.NablaClassificationModel;
import dev.nabla.spark.NablaClassifier;
import dev.nabla.spark.RunStatistics;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The figures of {@code docs/spark.md}: one epoch of Fashion-MNIST (the first {@code --rows}
 * images) through a 784-128-10 network, by one machine's Nabla and on Spark's local[1] and local[2]
 * in both modes at several batch sizes, and the cost of an empty Spark job. Light by design: one
 * epoch of a subset, each figure measured once; re-run it on a quiet machine for firmer numbers.
 *
 * <pre>
 * NABLA_SPARK_MAIN=dev.nabla.spark.example.SparkMeasurements nabla-spark/run-example --rows 10000
 * </pre>
 */
public final class SparkMeasurements {
  private SparkMeasurements() {}

  public static void main(String[] args) {
    String data = "/usr/share/datasets/fashion-mnist";
    int rows = 10_000;
    String batches = "64,512,4096";
    List<String> masters = List.of("local[1]", "local[2]");
    for (int at = 0; at + 1 < args.length; at += 2) {
      switch (args[at]) {
        case "--data" -> data = args[at + 1];
        case "--rows" -> rows = Integer.parseInt(args[at + 1]);
        case "--batches" -> batches = args[at + 1];
        case "--masters" -> masters = List.of(args[at + 1].split(" "));
        default -> throw new IllegalArgumentException("unknown option " + args[at]);
      }
    }
    Path folder = Path.of(data);
    Tensor images = IdxReader.read(folder.resolve("train-images-idx3-ubyte.gz"), DType.FLOAT32);
    Tensor labels = IdxReader.read(folder.resolve("train-labels-idx1-ubyte.gz"), DType.FLOAT64);
    int count = Math.min(rows, images.rows());
    Tensor inputs = Tensor.zeros(DType.FLOAT32, count, images.columns());
    Tensor targets = Tensor.zeros(DType.FLOAT32, count, 10);
    List<Row> frameRows = new ArrayList<>(count);
    for (int row = 0; row < count; row++) {
      double[] x = new double[images.columns()];
      for (int column = 0; column < x.length; column++) {
        x[column] = images.get(row, column) / 255.0;
        inputs.set(row, column, x[column]);
      }
      targets.set(row, (int) labels.get(row, 0), 1);
      frameRows.add(RowFactory.create(Vectors.dense(x), labels.get(row, 0)));
    }
    System.out.printf(Locale.ROOT, "%d rows of %d features; one epoch each%n", count, x(images));
    System.out.println(
        "| where | mode | batch | epoch s | jobs | ms/job | of which task work | of which"
            + " combining | bytes gathered/job |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    // The first batch size twice: the first run warms the JIT up and is not reported.
    List<String> sizes = new ArrayList<>(List.of(batches.split(",")));
    sizes.add(0, sizes.get(0));
    boolean warm = false;
    for (String text : sizes) {
      int batch = Integer.parseInt(text.strip());
      Recipe recipe =
          Recipe.builder(LayerText.parse("128:relu, 10"), "softmax_cross_entropy")
              .optimizer(OptimizerSpec.parse("adam").with("learningRate", 0.001))
              .training(
                  TrainingConfig.builder()
                      .epochs(1)
                      .batchSize(batch)
                      .seed(1)
                      .validationSplit(0)
                      .build())
              .build();
      Network network = recipe.network(images.columns());
      long started = System.nanoTime();
      recipe.trainer().fit(network, inputs, targets);
      double seconds = (System.nanoTime() - started) / 1e9;
      int steps = recipe.training().batchesPerEpoch(count);
      if (!warm) {
        warm = true;
        continue;
      }
      System.out.printf(
          Locale.ROOT,
          "| one machine | step() | %d | %.2f | — | %.2f a step | — | — | — |%n",
          batch,
          seconds,
          seconds * 1000 / steps);
    }
    for (String master : masters) {
      SparkSession spark =
          SparkSession.builder()
              .master(master)
              .appName("nabla-spark-measurements")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.ui.enabled", "false")
              .getOrCreate();
      spark.sparkContext().setLogLevel("ERROR");
      try {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        StructType schema =
            new StructType()
                .add("features", SQLDataTypes.VectorType(), false)
                .add("label", DataTypes.DoubleType, false);
        // Rows made in the tasks from a broadcast: a DataFrame parallelized from the driver's rows
        // would carry them in its partitions, and Spark ships a job's partitions with every task,
        // however the data are cached.
        org.apache.spark.broadcast.Broadcast<List<Row>> shared = context.broadcast(frameRows);
        int total = frameRows.size();
        Dataset<Row> frame =
            spark.createDataFrame(
                context
                    .parallelize(List.of(0, 1), 2)
                    .flatMap(
                        slice ->
                            shared
                                .value()
                                .subList(slice * total / 2, (slice + 1) * total / 2)
                                .iterator()),
                schema);
        frame.cache().count();
        // An empty job of two tasks: Spark's own cost per job.
        for (int job = 0; job < 10; job++) {
          context.parallelize(List.of(0, 1), 2).map(value -> value).collect();
        }
        long started = System.nanoTime();
        for (int job = 0; job < 50; job++) {
          context.parallelize(List.of(0, 1), 2).map(value -> value).collect();
        }
        System.out.printf(
            Locale.ROOT,
            "| %s | empty job | — | — | 50 | %.1f | — | — | — |%n",
            master,
            (System.nanoTime() - started) / 1e6 / 50);
        for (String text : batches.split(",")) {
          int batch = Integer.parseInt(text.strip());
          report(master, "sync", batch, classifier(batch, "sync").fit(frame));
        }
        report(
            master, "local-sgd K=8", 64, classifier(64, "local-sgd").setLocalSteps(8).fit(frame));
        frame.unpersist();
      } finally {
        spark.stop();
      }
    }
  }

  private static int x(Tensor images) {
    return images.columns();
  }

  private static NablaClassifier classifier(int batch, String mode) {
    return new NablaClassifier()
        .setLayers("128:relu")
        .setEpochs(1)
        .setBatchSize(batch)
        .setTrainingMode(mode);
  }

  private static void report(
      String master, String mode, int batch, NablaClassificationModel model) {
    RunStatistics statistics = model.trainingStatistics();
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %d | %.2f | %d | %.1f | %.1f | %.1f | %.0f |%n",
        master,
        mode,
        batch,
        statistics.jobNanos() / 1e9,
        statistics.jobs(),
        statistics.millisecondsPerJob(),
        statistics.computeNanos() / 1e6 / Math.max(1, statistics.jobs()),
        statistics.combineNanos() / 1e6 / Math.max(1, statistics.jobs()),
        statistics.bytesGatheredPerJob());
  }
}
