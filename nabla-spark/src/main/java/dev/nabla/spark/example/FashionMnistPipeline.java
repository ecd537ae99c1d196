package dev.nabla.spark.example;

import dev.nabla.io.data.IdxReader;
import dev.nabla.spark.NablaClassificationModel;
import dev.nabla.spark.NablaClassifier;
import dev.nabla.spark.RunStatistics;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Trains Fashion-MNIST (or, where it is not installed, a generated ten-class data set) through a
 * pipeline — {@code VectorAssembler → StandardScaler → NablaClassifier} — on Spark's local[2],
 * bound to 127.0.0.1; saves the fitted pipeline, loads it back and scores the test set.
 *
 * <pre>
 * nabla-spark/run-example [--data DIR] [--master local[2]] [--mode sync|local-sgd] [--epochs N]
 *     [--batch N] [--rows N] [--out DIR]
 * </pre>
 */
public final class FashionMnistPipeline {
  private FashionMnistPipeline() {}

  /** Images and labels, as bytes so that a broadcast of 60,000 images stays 47 MB. */
  private record Images(byte[][] pixels, byte[] labels) implements java.io.Serializable {}

  public static void main(String[] args) throws Exception {
    String data = "/usr/share/datasets/fashion-mnist";
    String master = "local[2]";
    String mode = "sync";
    int epochs = 2;
    int batch = 128;
    int rows = Integer.MAX_VALUE;
    String out = Files.createTempDirectory("nabla-spark-example").toString();
    for (int at = 0; at + 1 < args.length; at += 2) {
      switch (args[at]) {
        case "--data" -> data = args[at + 1];
        case "--master" -> master = args[at + 1];
        case "--mode" -> mode = args[at + 1];
        case "--epochs" -> epochs = Integer.parseInt(args[at + 1]);
        case "--batch" -> batch = Integer.parseInt(args[at + 1]);
        case "--rows" -> rows = Integer.parseInt(args[at + 1]);
        case "--out" -> out = args[at + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[at]);
      }
    }
    Path folder = Path.of(data);
    boolean installed = Files.exists(folder.resolve("train-images-idx3-ubyte.gz"));
    Images train = installed ? read(folder, "train", rows) : generated(Math.min(rows, 6000), 1);
    Images test = installed ? read(folder, "t10k", rows) : generated(Math.min(rows, 1000), 2);
    System.out.printf(
        Locale.ROOT,
        "data: %s, %d training and %d test images%n",
        installed ? folder : "generated (Fashion-MNIST is not installed)",
        train.labels().length,
        test.labels().length);

    SparkSession spark =
        SparkSession.builder()
            .master(master)
            .appName("nabla-fashion-mnist")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    try {
      Dataset<Row> trainFrame = frame(spark, train);
      Dataset<Row> testFrame = frame(spark, test);
      NablaClassifier classifier =
          new NablaClassifier()
              .setLayers("128:relu")
              .setEpochs(epochs)
              .setBatchSize(batch)
              .setTrainingMode(mode)
              .setLearningRate(0.001);
      classifier.addListener(
          event ->
              System.out.printf(
                  Locale.ROOT,
                  "epoch %d/%d: loss %.4f, %.0f samples/s%n",
                  event.epoch(),
                  event.epochs(),
                  event.loss(),
                  event.samplesPerSecond()));
      Pipeline pipeline =
          new Pipeline()
              .setStages(
                  new PipelineStage[] {
                    new VectorAssembler().setInputCols(new String[] {"pixels"}).setOutputCol("raw"),
                    new StandardScaler().setInputCol("raw").setOutputCol("features"),
                    classifier
                  });
      long started = System.nanoTime();
      PipelineModel fitted = pipeline.fit(trainFrame);
      double seconds = (System.nanoTime() - started) / 1e9;
      RunStatistics statistics =
          ((NablaClassificationModel) fitted.stages()[2]).trainingStatistics();
      System.out.printf(
          Locale.ROOT,
          "trained in %.1f s (%s on %s): %d jobs, %.1f ms a job, %.0f bytes gathered a job%n",
          seconds,
          mode,
          master,
          statistics.jobs(),
          statistics.millisecondsPerJob(),
          statistics.bytesGatheredPerJob());
      String path = Path.of(out, "fashion-mnist-pipeline").toString();
      fitted.write().overwrite().save(path);
      PipelineModel loaded = PipelineModel.load(path);
      long right = loaded.transform(testFrame).filter("prediction = label").count();
      System.out.printf(
          Locale.ROOT,
          "saved to %s and loaded back: test accuracy %.4f (%d of %d)%n",
          path,
          (double) right / test.labels().length,
          right,
          test.labels().length);
      System.out.println(
          "the network alone: " + Path.of(path, "stages") + "/2_*/nabla/model.nabla");
    } finally {
      spark.stop();
    }
  }

  private static Images read(Path folder, String split, int rows) {
    Tensor images = IdxReader.read(folder.resolve(split + "-images-idx3-ubyte.gz"), DType.FLOAT32);
    Tensor labels = IdxReader.read(folder.resolve(split + "-labels-idx1-ubyte.gz"), DType.FLOAT64);
    int count = Math.min(rows, images.rows());
    byte[][] pixels = new byte[count][images.columns()];
    byte[] classes = new byte[count];
    for (int row = 0; row < count; row++) {
      for (int column = 0; column < images.columns(); column++) {
        pixels[row][column] = (byte) images.get(row, column);
      }
      classes[row] = (byte) labels.get(row, 0);
    }
    return new Images(pixels, classes);
  }

  /** Ten Gaussian blobs in 64 dimensions, as bytes around 128. */
  private static Images generated(int rows, long seed) {
    SplittableRandom centres = new SplittableRandom(99);
    double[][] centre = new double[10][64];
    for (double[] c : centre) {
      for (int column = 0; column < 64; column++) {
        c[column] = 128 + 40 * centres.nextGaussian();
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    byte[][] pixels = new byte[rows][64];
    byte[] labels = new byte[rows];
    for (int row = 0; row < rows; row++) {
      int label = random.nextInt(10);
      labels[row] = (byte) label;
      for (int column = 0; column < 64; column++) {
        double value = centre[label][column] + 30 * random.nextGaussian();
        pixels[row][column] = (byte) Math.max(0, Math.min(255, Math.round(value)));
      }
    }
    return new Images(pixels, labels);
  }

  /**
   * The images as a DataFrame of (pixels vector, label) in two contiguous partitions, built in the
   * tasks from a broadcast of the bytes rather than shipped as rows from the driver.
   */
  private static Dataset<Row> frame(SparkSession spark, Images images) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Images> shared = context.broadcast(images);
    int count = images.labels().length;
    List<Integer> slices = new ArrayList<>(List.of(0, 1));
    StructType schema =
        new StructType()
            .add("pixels", SQLDataTypes.VectorType(), false)
            .add("label", DataTypes.DoubleType, false);
    return spark.createDataFrame(
        context
            .parallelize(slices, 2)
            .flatMap(
                slice -> {
                  Images all = shared.value();
                  int from = slice * count / 2;
                  int to = (slice + 1) * count / 2;
                  List<Row> rows = new ArrayList<>(to - from);
                  for (int row = from; row < to; row++) {
                    double[] x = new double[all.pixels()[row].length];
                    for (int column = 0; column < x.length; column++) {
                      x[column] = all.pixels()[row][column] & 0xFF;
                    }
                    rows.add(RowFactory.create(Vectors.dense(x), (double) all.labels()[row]));
                  }
                  return rows.iterator();
                }),
        schema);
  }
}
