package dev.nabla.io.training;

import dev.nabla.io.data.Dataset;
import dev.nabla.io.data.FeatureRange;
import dev.nabla.io.data.Scaler;
import dev.nabla.io.data.Splits;
import dev.nabla.io.model.Model;
import dev.nabla.losses.Losses;
import dev.nabla.metrics.Metric;
import dev.nabla.metrics.Metrics;
import dev.nabla.network.Network;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.MatrixBackends;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.Evaluator;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingListener;
import dev.nabla.training.TrainingResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains a {@link Recipe} on a {@link Dataset} the way {@code nabla train} does, in one call:
 *
 * <pre>
 * Dataset data = CsvReader.read(Path.of("moons.csv"), CsvOptions.classification("shape"));
 * Recipe recipe = Recipe.builder(LayerText.parse("32:tanh,32:tanh,2"), "softmax_cross_entropy")
 *     .build();
 * RecipeTraining.Trained trained = RecipeTraining.train(recipe, data);
 * ModelFile.write(Path.of("moons.nabla"), trained.model());   // nabla predict reads it
 * </pre>
 *
 * <p>The recipe's validation and test fractions are held out by a seeded (and, if it says so,
 * stratified) split; its scaling is fitted on the training part alone and applied in float64 before
 * the features take the recipe's precision; the output layer must give one output per class (or per
 * regression target); the model carries the recipe, the labels, the feature names and a provenance.
 * The data set is not modified.
 */
public final class RecipeTraining {
  private RecipeTraining() {}

  /**
   * The trained model, how training went, and the metrics on the held-out test part (empty when the
   * recipe holds none out).
   */
  public record Trained(Model model, TrainingResult result, Map<String, Double> test) {
    public Trained {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(result, "result");
      test = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(test));
    }
  }

  /**
   * Trains {@code recipe} on {@code data}, telling {@code listeners} of every batch and epoch.
   *
   * @throws IllegalArgumentException if the recipe's output layer does not fit the data's targets,
   *     or the recipe's loss needs classes and the data are numbers
   */
  public static Trained train(Recipe recipe, Dataset data, TrainingListener... listeners) {
    Splits.Split split =
        Splits.split(
            data,
            recipe.training().validationSplit(),
            recipe.preprocessing().testSplit(),
            recipe.preprocessing().stratify(),
            recipe.training().seed());
    Dataset training = split.training();
    int outputs = training.targets().columns();
    int gives = recipe.outputSize(training.features().columns());
    if (gives != outputs) {
      throw new IllegalArgumentException(
          "the recipe's last layer gives "
              + gives
              + (gives == 1 ? " output" : " outputs")
              + ", but the data have "
              + outputs
              + (training.isClassification() ? " classes " + training.labelNames() : " targets"));
    }
    if (!training.isClassification() && Losses.takesClasses(recipe.loss())) {
      throw new IllegalArgumentException(
          "the recipe's loss "
              + recipe.loss()
              + " needs classes, but the data's targets are numbers");
    }
    Scaler scaler = Scaler.fit(recipe.preprocessing().scaling(), training.features());
    Tensor x = scaled(scaler, training.features(), recipe.dtype());
    Network network = recipe.network(x.columns());
    List<Metric> metrics = metrics(training.isClassification());
    Trainer.Builder trainer = recipe.trainerBuilder(metrics.toArray(new Metric[0]));
    for (TrainingListener listener : listeners) {
      trainer.listener(listener);
    }
    Dataset validation = split.validation();
    TrainingResult result =
        validation.size() > 0
            ? trainer
                .build()
                .fit(
                    network,
                    x,
                    training.targets(),
                    scaled(scaler, validation.features(), recipe.dtype()),
                    validation.targets())
            : trainer.build().fit(network, x, training.targets(), null, null);
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("created", Instant.now().toString());
    provenance.put("data", data.source());
    provenance.put("backend", MatrixBackends.current().name());
    provenance.put("epochs", Integer.toString(result.epochs()));
    provenance.put("stopped", result.describe());
    Model model =
        new Model(
            network,
            recipe.loss(),
            scaler,
            training.featureNames(),
            training.labelNames(),
            provenance,
            recipe);
    Map<String, Double> test = new LinkedHashMap<>();
    if (split.test().size() > 0) {
      test =
          Evaluator.evaluate(
              network,
              recipe.lossFunction(),
              scaled(scaler, split.test().features(), recipe.dtype()),
              split.test().targets(),
              metrics,
              1024);
    }
    return new Trained(model, result, test);
  }

  /** What a run measures each epoch: accuracy for classes, root mean squared error for numbers. */
  public static List<Metric> metrics(boolean classification) {
    return classification ? List.of(Metrics.accuracy()) : List.of(Metrics.rootMeanSquaredError());
  }

  /** Scaled in float64, then in the recipe's precision: a float32 cast first loses digits. */
  private static Tensor scaled(Scaler scaler, Tensor features, DType dtype) {
    Tensor wide = features.dtype() == DType.FLOAT64 ? features : features.to(DType.FLOAT64);
    Tensor scaled = scaler.transform(wide);
    FeatureRange.check(scaled, dtype, List.of(), "the data");
    return scaled.dtype() == dtype ? scaled : scaled.to(dtype);
  }
}
