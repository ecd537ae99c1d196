package dev.nabla.spark;

import dev.nabla.losses.Losses;
import dev.nabla.training.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;

/**
 * A Spark ML regressor that trains a Nabla network: a vector column of features, a numeric label
 * column, hidden layers from the {@code layers} Param and one linear output, trained with a loss on
 * numbers ({@code mse} by default).
 *
 * <p>See {@code docs/spark.md} for the two training modes, what makes a run deterministic, and what
 * each costs.
 */
public final class NablaRegressor extends Regressor<Vector, NablaRegressor, NablaRegressionModel>
    implements NablaParams, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Holder params;
  private transient List<TrainingListener> listeners = new ArrayList<>();

  /** A regressor with a new uid. */
  public NablaRegressor() {
    this(Identifiable$.MODULE$.randomUID("nablaRegressor"));
  }

  /** A regressor with the given uid, as Spark's readers make it. */
  public NablaRegressor(String uid) {
    this(uid, Uids.pending(uid));
  }

  private NablaRegressor(String uid, String pending) {
    this.uid = Objects.requireNonNull(pending, "uid");
    Uids.done();
    this.params = new Holder(this, "mse");
  }

  @Override
  public String uid() {
    return uid != null ? uid : Uids.current();
  }

  @Override
  public Holder nablaParams() {
    return params;
  }

  /**
   * Adds a listener that hears each epoch's end, as in local training: the epoch's training loss
   * and {@code RMSE}, and with {@code validationFraction} the held-out rows' {@code validation
   * loss} and {@code validation RMSE}. Listeners are not Params and are not saved.
   */
  public NablaRegressor addListener(TrainingListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  public NablaRegressor setLayers(String value) {
    return (NablaRegressor) set(layers(), value);
  }

  public NablaRegressor setLoss(String value) {
    return (NablaRegressor) set(loss(), value);
  }

  public NablaRegressor setOptimizer(String value) {
    return (NablaRegressor) set(optimizer(), value);
  }

  public NablaRegressor setLearningRate(double value) {
    return (NablaRegressor) set(learningRate(), value);
  }

  public NablaRegressor setSchedule(String value) {
    return (NablaRegressor) set(schedule(), value);
  }

  public NablaRegressor setEpochs(int value) {
    return (NablaRegressor) set(epochs(), value);
  }

  public NablaRegressor setBatchSize(int value) {
    return (NablaRegressor) set(batchSize(), value);
  }

  public NablaRegressor setSeed(long value) {
    return (NablaRegressor) set(seed(), value);
  }

  public NablaRegressor setPrecision(String value) {
    return (NablaRegressor) set(precision(), value);
  }

  public NablaRegressor setTrainingMode(String value) {
    return (NablaRegressor) set(trainingMode(), value);
  }

  public NablaRegressor setLocalSteps(int value) {
    return (NablaRegressor) set(localSteps(), value);
  }

  public NablaRegressor setCheckpointDir(String value) {
    return (NablaRegressor) set(checkpointDir(), value);
  }

  public NablaRegressor setCheckpointInterval(int value) {
    return (NablaRegressor) set(checkpointInterval(), value);
  }

  public NablaRegressor setValidationFraction(double value) {
    return (NablaRegressor) set(validationFraction(), value);
  }

  /**
   * Trains on the features and label columns.
   *
   * @throws IllegalArgumentException naming the column and what was found, for bad data; or the
   *     Param at fault
   */
  @Override
  public NablaRegressionModel train(Dataset<?> dataset) {
    if (Losses.takesClasses(getLoss())) {
      throw new IllegalArgumentException(
          "Param loss is '"
              + getLoss()
              + "', a loss on classes; NablaRegressor trains with a loss on numbers such as mse,"
              + " and NablaClassifier with "
              + getLoss());
    }
    SparkTraining.Fitted fitted =
        SparkTraining.fit(
            dataset, TrainingRequest.of(this, getFeaturesCol(), getLabelCol(), false, listeners));
    return new NablaRegressionModel(
        uid(),
        ModelStore.model(
            fitted.network(), fitted.recipe(), 0, Map.of("trainingMode", getTrainingMode())),
        fitted.statistics());
  }

  @Override
  public NablaRegressor copy(ParamMap extra) {
    NablaRegressor copy = defaultCopy(extra);
    copy.listeners = new ArrayList<>(listeners);
    return copy;
  }

  @Override
  public MLWriter write() {
    return new DefaultParamsWriter(this);
  }

  /** Spark's reader of saved regressors. */
  public static MLReader<NablaRegressor> read() {
    return new DefaultParamsReader<>();
  }

  /** Reads a regressor saved with {@code write().save(path)}. */
  public static NablaRegressor load(String path) {
    return read().load(path);
  }

  private void readObject(java.io.ObjectInputStream in)
      throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    listeners = new ArrayList<>();
  }
}
