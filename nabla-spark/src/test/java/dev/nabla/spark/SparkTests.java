package dev.nabla.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** A local Spark session bound to the loopback address, and the data the tests train on. */
final class SparkTests {
  private SparkTests() {}

  /** A session on {@code master}, talking to 127.0.0.1 only, without a UI. */
  static SparkSession session(String master) {
    return SparkSession.builder()
        .master(master)
        .appName("nabla-spark-test")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .getOrCreate();
  }

  static final StructType SCHEMA =
      new StructType()
          .add("features", SQLDataTypes.VectorType(), true)
          .add("label", DataTypes.DoubleType, true);

  /**
   * {@code samples} points of three Gaussian blobs in four dimensions, labelled by blob: rows of
   * (features, label).
   */
  static List<Row> blobs(int samples, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] centres = {{2, 0, 0, 1}, {-2, 1, 0, -1}, {0, -2, 1, 0}};
    List<Row> rows = new ArrayList<>();
    for (int sample = 0; sample < samples; sample++) {
      int label = random.nextInt(3);
      double[] x = new double[4];
      for (int column = 0; column < 4; column++) {
        x[column] = centres[label][column] + 0.7 * random.nextGaussian();
      }
      rows.add(RowFactory.create(Vectors.dense(x), (double) label));
    }
    return rows;
  }

  /** The rows as a DataFrame of {@code partitions} contiguous slices, in the list's order. */
  static Dataset<Row> frame(SparkSession spark, List<Row> rows, int partitions) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(context.parallelize(rows, partitions), SCHEMA);
  }
}
