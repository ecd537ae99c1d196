package dev.nabla.spark;

import dev.nabla.layers.LayerText;
import dev.nabla.optimizers.OptimizerSpec;
import dev.nabla.recipe.Preprocessing;
import dev.nabla.recipe.Recipe;
import dev.nabla.schedules.ScheduleSpec;
import dev.nabla.tensor.DType;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingListener;
import java.util.List;
import java.util.Locale;

/**
 * An estimator's Params as one value: what to train and how. The recipe's layers are the hidden
 * layers the Params give and an output layer of {@code outputs} units the data decide.
 *
 * @param mode {@code sync} or {@code local-sgd}
 * @param localSteps local SGD's steps per partition between averages
 * @param checkpointDir a Hadoop file system folder, or empty for no checkpoints
 * @param checkpointInterval steps (sync) or rounds (local SGD) between checkpoints
 * @param validationFraction the fraction of rows held out for validation, as the recipe's {@code
 *     validationSplit}
 */
record TrainingRequest(
    String featuresCol,
    String labelCol,
    boolean classes,
    String layers,
    String loss,
    String optimizer,
    double learningRate,
    String schedule,
    int epochs,
    int batchSize,
    long seed,
    String precision,
    String mode,
    int localSteps,
    String checkpointDir,
    int checkpointInterval,
    double validationFraction,
    List<TrainingListener> listeners) {
  static final String SYNC = "sync";

  /** The request an estimator's Params and columns make. */
  static TrainingRequest of(
      NablaParams params,
      String featuresCol,
      String labelCol,
      boolean classes,
      List<TrainingListener> listeners) {
    return new TrainingRequest(
        featuresCol,
        labelCol,
        classes,
        params.getLayers(),
        params.getLoss(),
        params.getOptimizer(),
        params.getLearningRate(),
        params.getSchedule(),
        params.getEpochs(),
        params.getBatchSize(),
        params.getSeed(),
        params.getPrecision(),
        params.getTrainingMode(),
        params.getLocalSteps(),
        params.getCheckpointDir(),
        params.getCheckpointInterval(),
        params.getValidationFraction(),
        List.copyOf(listeners));
  }

  static final String LOCAL_SGD = "local-sgd";

  /**
   * The recipe for {@code outputs} outputs.
   *
   * @throws IllegalArgumentException naming the Param at fault
   */
  Recipe recipe(int outputs) {
    String text = layers.isBlank() ? Integer.toString(outputs) : layers + ", " + outputs;
    DType dtype =
        switch (precision.toLowerCase(Locale.ROOT)) {
          case "float32" -> DType.FLOAT32;
          case "float64" -> DType.FLOAT64;
          default ->
              throw new IllegalArgumentException(
                  "Param precision is '" + precision + "'; it is float32 or float64");
        };
    return Recipe.builder(LayerText.parse(text, "Param layers"), loss)
        .dtype(dtype)
        .optimizer(OptimizerSpec.parse(optimizer).with("learningRate", learningRate))
        .schedule(ScheduleSpec.parse(schedule, 0))
        .training(
            TrainingConfig.builder()
                .epochs(epochs)
                .batchSize(batchSize)
                .seed(seed)
                .validationSplit(validationFraction)
                .build())
        .preprocessing(new Preprocessing("none", 0, false))
        .build();
  }
}
