package dev.nabla.spark;

import dev.nabla.activations.Sigmoid;
import dev.nabla.activations.Softmax;
import dev.nabla.io.model.Model;
import dev.nabla.tensor.Tensor;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A trained {@link NablaClassifier}: {@code transform} adds Spark's classifier columns — {@code
 * rawPrediction} (the network's outputs, logits for softmax cross-entropy), {@code probability} and
 * {@code prediction} (the class index) — scoring each partition in batches. Saved, it holds the
 * network as a standard Nabla model file at {@code nabla/model.nabla} under its path.
 */
public final class NablaClassificationModel
    extends ProbabilisticClassificationModel<Vector, NablaClassificationModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final transient Model model;
  private final RunStatistics statistics;
  private transient NetworkPayload payload;

  NablaClassificationModel(String uid, Model model, RunStatistics statistics) {
    this(uid, Uids.pending(uid), model, statistics);
  }

  private NablaClassificationModel(
      String uid, String pending, Model model, RunStatistics statistics) {
    this.uid = Objects.requireNonNull(pending, "uid");
    Uids.done();
    this.model = model;
    this.statistics = statistics;
  }

  @Override
  public String uid() {
    return uid != null ? uid : Uids.current();
  }

  /** The Nabla model: network, loss and recipe. */
  public Model nablaModel() {
    return model;
  }

  /** What training cost on Spark; null for a model that was loaded. */
  public RunStatistics trainingStatistics() {
    return statistics;
  }

  @Override
  public int numClasses() {
    return model.labelNames().size();
  }

  @Override
  public int numFeatures() {
    return model.network().inputSize();
  }

  /** The network's outputs for one row; {@code transform} scores whole batches instead. */
  @Override
  public Vector predictRaw(Vector features) {
    Tensor input =
        Tensor.fromFlat(
            model.network().dtype(),
            dev.nabla.tensor.Shape.matrix(1, features.size()),
            features.toArray());
    return Vectors.dense(model.network().predict(input).toDoubleArray());
  }

  @Override
  public Vector raw2probabilityInPlace(Vector raw) {
    double[] values = ((DenseVector) raw).values();
    switch (model.loss()) {
      case "softmax_cross_entropy" -> {
        Tensor logits =
            Tensor.fromFlat(
                dev.nabla.tensor.DType.FLOAT64,
                dev.nabla.tensor.Shape.matrix(1, values.length),
                values);
        Tensor probabilities = Tensor.zeros(dev.nabla.tensor.DType.FLOAT64, logits.shape());
        new Softmax().forward(logits, probabilities);
        System.arraycopy(probabilities.toDoubleArray(), 0, values, 0, values.length);
      }
      case "binary_cross_entropy_with_logits" -> {
        for (int index = 0; index < values.length; index++) {
          values[index] = Sigmoid.sigmoid(values[index]);
        }
      }
      default -> {
        // The network ends in a softmax or sigmoid: its outputs are the probabilities.
      }
    }
    return raw;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    if (payload == null) {
      payload = ModelStore.payload(model);
    }
    return Scoring.transform(
        dataset,
        transformSchema(dataset.schema()),
        Map.of(
            getPredictionCol(), ScoringTask.Role.PREDICTION,
            getRawPredictionCol(), ScoringTask.Role.RAW_PREDICTION,
            getProbabilityCol(), ScoringTask.Role.PROBABILITY),
        payload,
        model,
        getFeaturesCol(),
        getLabelCol(),
        isDefined(thresholds()) ? getThresholds() : null);
  }

  /**
   * Spark's own: a model for the training summary and the columns it needs. Declared here only
   * because Java sees two inherited declarations of it, whose generic return types it cannot
   * reconcile; hence the raw type.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public NablaClassificationModel copy(ParamMap extra) {
    NablaClassificationModel copy = new NablaClassificationModel(uid, model, statistics);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /** Spark's reader of saved models; Pipeline models find it by reflection. */
  public static MLReader<NablaClassificationModel> read() {
    return new Reader();
  }

  /** Reads a model saved with {@code write().save(path)}. */
  public static NablaClassificationModel load(String path) {
    return read().load(path);
  }

  private static final class Writer extends MLWriter {
    private final NablaClassificationModel instance;

    Writer(NablaClassificationModel instance) {
      this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
      ModelStore.write(path, instance.model, sparkSession().sparkContext().hadoopConfiguration());
    }
  }

  private static final class Reader extends MLReader<NablaClassificationModel> {
    @Override
    public NablaClassificationModel load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader$.MODULE$.loadMetadata(
              path, sparkSession(), NablaClassificationModel.class.getName());
      Model model = ModelStore.read(path, sparkSession().sparkContext().hadoopConfiguration());
      NablaClassificationModel loaded = new NablaClassificationModel(metadata.uid(), model, null);
      metadata.getAndSetParams(loaded, scala.Option.empty());
      return loaded;
    }
  }
}
