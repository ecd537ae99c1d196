package dev.nabla.spark;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The Params of a Nabla estimator, the parts of a recipe: they live in {@link Holder}, made once
 * per estimator, and this interface gives their public getters, which Spark finds by reflection.
 * Java classes cannot mix in Spark's own {@code HasFeaturesCol}-style traits; the estimators get
 * those from the Spark class they extend.
 */
public interface NablaParams extends Params {
  /** The Param objects of one estimator. */
  final class Holder implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final Param<String> layers;
    final Param<String> loss;
    final Param<String> optimizer;
    final DoubleParam learningRate;
    final Param<String> schedule;
    final IntParam epochs;
    final IntParam batchSize;
    final LongParam seed;
    final Param<String> precision;
    final Param<String> trainingMode;
    final IntParam localSteps;
    final Param<String> checkpointDir;
    final IntParam checkpointInterval;
    final DoubleParam validationFraction;

    Holder(Params owner, String defaultLoss) {
      layers =
          new Param<>(
              owner,
              "layers",
              "hidden layers as Nabla's --layers text, e.g. '64:relu, 32:relu'; the output layer"
                  + " is added for the data");
      loss = new Param<>(owner, "loss", "the loss, by Nabla's name, e.g. softmax_cross_entropy");
      optimizer =
          new Param<>(
              owner,
              "optimizer",
              "sgd, momentum, nesterov, rmsprop, adagrad, adam or adamw",
              ParamValidators.inArray(
                  new String[] {
                    "sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adam", "adamw"
                  }));
      learningRate =
          new DoubleParam(owner, "learningRate", "the base learning rate", ParamValidators.gt(0));
      schedule =
          new Param<>(
              owner,
              "schedule",
              "constant, step:EVERY:GAMMA, exponential:GAMMA, cosine or plateau");
      epochs = new IntParam(owner, "epochs", "passes over the data", ParamValidators.gtEq(1));
      batchSize =
          new IntParam(
              owner,
              "batchSize",
              "samples per step: the global batch in sync mode, each partition's in local-sgd",
              ParamValidators.gtEq(1));
      seed = new LongParam(owner, "seed", "seed of the initial weights and the batch orders");
      precision =
          new Param<>(
              owner,
              "precision",
              "float32 or float64",
              ParamValidators.inArray(new String[] {"float32", "float64"}));
      trainingMode =
          new Param<>(
              owner,
              "trainingMode",
              "sync (one update per global batch) or local-sgd (local steps, then an average)",
              ParamValidators.inArray(
                  new String[] {TrainingRequest.SYNC, TrainingRequest.LOCAL_SGD}));
      localSteps =
          new IntParam(
              owner,
              "localSteps",
              "local-sgd: steps each partition takes between averages",
              ParamValidators.gtEq(1));
      checkpointDir =
          new Param<>(
              owner,
              "checkpointDir",
              "a Hadoop file system folder for the driver's checkpoints, from which a run resumes;"
                  + " empty for none");
      checkpointInterval =
          new IntParam(
              owner,
              "checkpointInterval",
              "steps (sync) or rounds (local-sgd) between checkpoints",
              ParamValidators.gtEq(1));
      validationFraction =
          new DoubleParam(
              owner,
              "validationFraction",
              "the fraction of rows held out (seeded, as Nabla's validationSplit) and measured"
                  + " after every epoch; 0 for none",
              ParamValidators.inRange(0, 1, true, false));
      owner.setDefault(layers, "32:relu");
      owner.setDefault(loss, defaultLoss);
      owner.setDefault(optimizer, "adam");
      owner.setDefault(learningRate, 0.001);
      owner.setDefault(schedule, "constant");
      owner.setDefault(epochs, 10);
      owner.setDefault(batchSize, 32);
      owner.setDefault(seed, 1L);
      owner.setDefault(precision, "float32");
      owner.setDefault(trainingMode, TrainingRequest.SYNC);
      owner.setDefault(localSteps, 8);
      owner.setDefault(checkpointDir, "");
      owner.setDefault(checkpointInterval, 100);
      owner.setDefault(validationFraction, 0.0);
    }
  }

  /** This estimator's Param objects. */
  Holder nablaParams();

  /** Hidden layers, as Nabla's {@code --layers} text; the output layer is added for the data. */
  default Param<String> layers() {
    return nablaParams().layers;
  }

  /** The loss, by Nabla's name. */
  default Param<String> loss() {
    return nablaParams().loss;
  }

  /** The optimizer's name. */
  default Param<String> optimizer() {
    return nablaParams().optimizer;
  }

  /** The base learning rate. */
  default DoubleParam learningRate() {
    return nablaParams().learningRate;
  }

  /** The learning-rate schedule, as Nabla's {@code --schedule} text. */
  default Param<String> schedule() {
    return nablaParams().schedule;
  }

  /** Passes over the data. */
  default IntParam epochs() {
    return nablaParams().epochs;
  }

  /** Samples per step. */
  default IntParam batchSize() {
    return nablaParams().batchSize;
  }

  /** Seed of the initial weights and batch orders. */
  default LongParam seed() {
    return nablaParams().seed;
  }

  /** float32 or float64. */
  default Param<String> precision() {
    return nablaParams().precision;
  }

  /** sync or local-sgd. */
  default Param<String> trainingMode() {
    return nablaParams().trainingMode;
  }

  /** Local SGD's steps between averages. */
  default IntParam localSteps() {
    return nablaParams().localSteps;
  }

  /** Where the driver writes checkpoints, or empty. */
  default Param<String> checkpointDir() {
    return nablaParams().checkpointDir;
  }

  /** Steps or rounds between checkpoints. */
  default IntParam checkpointInterval() {
    return nablaParams().checkpointInterval;
  }

  /** The fraction of rows held out for validation, in [0, 1). */
  default DoubleParam validationFraction() {
    return nablaParams().validationFraction;
  }

  default double getValidationFraction() {
    return (Double) getOrDefault(validationFraction());
  }

  default String getLayers() {
    return getOrDefault(layers());
  }

  default String getLoss() {
    return getOrDefault(loss());
  }

  default String getOptimizer() {
    return getOrDefault(optimizer());
  }

  default double getLearningRate() {
    return (Double) getOrDefault(learningRate());
  }

  default String getSchedule() {
    return getOrDefault(schedule());
  }

  default int getEpochs() {
    return (Integer) getOrDefault(epochs());
  }

  default int getBatchSize() {
    return (Integer) getOrDefault(batchSize());
  }

  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  default String getPrecision() {
    return getOrDefault(precision());
  }

  default String getTrainingMode() {
    return getOrDefault(trainingMode());
  }

  default int getLocalSteps() {
    return (Integer) getOrDefault(localSteps());
  }

  default String getCheckpointDir() {
    return getOrDefault(checkpointDir());
  }

  default int getCheckpointInterval() {
    return (Integer) getOrDefault(checkpointInterval());
  }
}
