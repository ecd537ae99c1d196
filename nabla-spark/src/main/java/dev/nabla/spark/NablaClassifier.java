package dev.nabla.spark;

import dev.nabla.losses.Losses;
import dev.nabla.training.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;

/**
 * A Spark ML classifier that trains a Nabla network: a vector column of features, a label column of
 * class indices {@code 0 … k−1} (as {@code StringIndexer} makes them), hidden layers from the
 * {@code layers} Param and an output layer of k units, trained with a cross-entropy loss.
 *
 * <pre>
 * Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
 *     new VectorAssembler().setInputCols(columns).setOutputCol("raw"),
 *     new StandardScaler().setInputCol("raw").setOutputCol("features"),
 *     new NablaClassifier().setLayers("64:relu").setEpochs(5)});
 * PipelineModel model = pipeline.fit(train);
 * </pre>
 *
 * <p>See {@code docs/spark.md} for the two training modes, what makes a run deterministic, and what
 * each costs.
 */
public final class NablaClassifier
    extends ProbabilisticClassifier<Vector, NablaClassifier, NablaClassificationModel>
    implements NablaParams, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Holder params;
  private transient List<TrainingListener> listeners = new ArrayList<>();

  /** A classifier with a new uid. */
  public NablaClassifier() {
    this(Identifiable$.MODULE$.randomUID("nablaClassifier"));
  }

  /** A classifier with the given uid, as Spark's readers make it. */
  public NablaClassifier(String uid) {
    this(uid, Uids.pending(uid));
  }

  private NablaClassifier(String uid, String pending) {
    this.uid = Objects.requireNonNull(pending, "uid");
    Uids.done();
    this.params = new Holder(this, "softmax_cross_entropy");
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
   * and {@code accuracy}, and with {@code validationFraction} the held-out rows' {@code validation
   * loss} and {@code validation accuracy}. Listeners are not Params and are not saved.
   */
  public NablaClassifier addListener(TrainingListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  public NablaClassifier setLayers(String value) {
    return (NablaClassifier) set(layers(), value);
  }

  public NablaClassifier setLoss(String value) {
    return (NablaClassifier) set(loss(), value);
  }

  public NablaClassifier setOptimizer(String value) {
    return (NablaClassifier) set(optimizer(), value);
  }

  public NablaClassifier setLearningRate(double value) {
    return (NablaClassifier) set(learningRate(), value);
  }

  public NablaClassifier setSchedule(String value) {
    return (NablaClassifier) set(schedule(), value);
  }

  public NablaClassifier setEpochs(int value) {
    return (NablaClassifier) set(epochs(), value);
  }

  public NablaClassifier setBatchSize(int value) {
    return (NablaClassifier) set(batchSize(), value);
  }

  public NablaClassifier setSeed(long value) {
    return (NablaClassifier) set(seed(), value);
  }

  public NablaClassifier setPrecision(String value) {
    return (NablaClassifier) set(precision(), value);
  }

  public NablaClassifier setTrainingMode(String value) {
    return (NablaClassifier) set(trainingMode(), value);
  }

  public NablaClassifier setLocalSteps(int value) {
    return (NablaClassifier) set(localSteps(), value);
  }

  public NablaClassifier setCheckpointDir(String value) {
    return (NablaClassifier) set(checkpointDir(), value);
  }

  public NablaClassifier setCheckpointInterval(int value) {
    return (NablaClassifier) set(checkpointInterval(), value);
  }

  public NablaClassifier setValidationFraction(double value) {
    return (NablaClassifier) set(validationFraction(), value);
  }

  /**
   * Trains on the features and label columns.
   *
   * @throws IllegalArgumentException naming the column and what was found, for bad data; or the
   *     Param at fault
   */
  @Override
  public NablaClassificationModel train(Dataset<?> dataset) {
    if (!Losses.takesClasses(getLoss())) {
      throw new IllegalArgumentException(
          "Param loss is '"
              + getLoss()
              + "', a loss on numbers; NablaClassifier trains with a cross-entropy such as"
              + " softmax_cross_entropy, and NablaRegressor with "
              + getLoss());
    }
    SparkTraining.Fitted fitted =
        SparkTraining.fit(
            dataset, TrainingRequest.of(this, getFeaturesCol(), getLabelCol(), true, listeners));
    return new NablaClassificationModel(
        uid(),
        ModelStore.model(
            fitted.network(),
            fitted.recipe(),
            fitted.outputs(),
            Map.of("trainingMode", getTrainingMode())),
        fitted.statistics());
  }

  @Override
  public NablaClassifier copy(ParamMap extra) {
    NablaClassifier copy = defaultCopy(extra);
    copy.listeners = new ArrayList<>(listeners);
    return copy;
  }

  @Override
  public MLWriter write() {
    return new DefaultParamsWriter(this);
  }

  /** Spark's reader of saved classifiers. */
  public static MLReader<NablaClassifier> read() {
    return new DefaultParamsReader<>();
  }

  /** Reads a classifier saved with {@code write().save(path)}. */
  public static NablaClassifier load(String path) {
    return read().load(path);
  }

  private void readObject(java.io.ObjectInputStream in)
      throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    listeners = new ArrayList<>();
  }
}
