package dev.nabla.spark;

import dev.nabla.io.model.Model;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A trained {@link NablaRegressor}: {@code transform} adds the {@code prediction} column, scoring
 * each partition in batches. Saved, it holds the network as a standard Nabla model file at {@code
 * nabla/model.nabla} under its path.
 */
public final class NablaRegressionModel extends RegressionModel<Vector, NablaRegressionModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final transient Model model;
  private final RunStatistics statistics;
  private transient NetworkPayload payload;

  NablaRegressionModel(String uid, Model model, RunStatistics statistics) {
    this(uid, Uids.pending(uid), model, statistics);
  }

  private NablaRegressionModel(String uid, String pending, Model model, RunStatistics statistics) {
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
  public int numFeatures() {
    return model.network().inputSize();
  }

  /** The prediction for one row; {@code transform} scores whole batches instead. */
  @Override
  public double predict(Vector features) {
    Tensor input =
        Tensor.fromFlat(
            model.network().dtype(), Shape.matrix(1, features.size()), features.toArray());
    return model.network().predict(input).get(0);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    if (payload == null) {
      payload = ModelStore.payload(model);
    }
    return Scoring.transform(
        dataset,
        transformSchema(dataset.schema()),
        Map.of(getPredictionCol(), ScoringTask.Role.PREDICTION),
        payload,
        model,
        getFeaturesCol(),
        getLabelCol(),
        null);
  }

  @Override
  public NablaRegressionModel copy(ParamMap extra) {
    NablaRegressionModel copy = new NablaRegressionModel(uid, model, statistics);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /** Spark's reader of saved models; Pipeline models find it by reflection. */
  public static MLReader<NablaRegressionModel> read() {
    return new Reader();
  }

  /** Reads a model saved with {@code write().save(path)}. */
  public static NablaRegressionModel load(String path) {
    return read().load(path);
  }

  private static final class Writer extends MLWriter {
    private final NablaRegressionModel instance;

    Writer(NablaRegressionModel instance) {
      this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
      ModelStore.write(path, instance.model, sparkSession().sparkContext().hadoopConfiguration());
    }
  }

  private static final class Reader extends MLReader<NablaRegressionModel> {
    @Override
    public NablaRegressionModel load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader$.MODULE$.loadMetadata(
              path, sparkSession(), NablaRegressionModel.class.getName());
      Model model = ModelStore.read(path, sparkSession().sparkContext().hadoopConfiguration());
      NablaRegressionModel loaded = new NablaRegressionModel(metadata.uid(), model, null);
      metadata.getAndSetParams(loaded, scala.Option.empty());
      return loaded;
    }
  }
}
