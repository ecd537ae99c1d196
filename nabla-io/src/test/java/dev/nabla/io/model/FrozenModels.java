package dev.nabla.io.model;

import dev.nabla.activations.Activations;
import dev.nabla.io.data.Scaler;
import dev.nabla.network.Architecture;
import dev.nabla.network.Network;
import dev.nabla.optimizers.OptimizerSpec;
import dev.nabla.recipe.Preprocessing;
import dev.nabla.recipe.Recipe;
import dev.nabla.recipe.Regularization;
import dev.nabla.schedules.ScheduleSpec;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.EarlyStopping;
import dev.nabla.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Makes the frozen model files under {@code src/test/resources/models}. They are written once per
 * format version and then never again once the version is released: {@link ModelFileTest} checks
 * that every one still loads. (Version 2's was made again before its release, when its digests were
 * added.) Run from {@code nabla-io} after {@code mvn test-compile}, with nabla-core's classes and
 * the Jackson and Commons CSV jars from {@code ~/.m2}: {@code java -cp
 * target/classes:target/test-classes:../nabla-core/target/classes:...
 * dev.nabla.io.model.FrozenModels 2}.
 */
final class FrozenModels {
  private FrozenModels() {}

  /** A small classifier using every kind of layer, with a fixed seed. */
  static Model version1Example() {
    Network network =
        Network.builder(3)
            .seed(42)
            .dense(4, Activations.relu())
            .batchNorm()
            .dropout(0.25)
            .dense(2)
            .build();
    Scaler scaler =
        Scaler.fit("standard", Tensor.matrix(DType.FLOAT64, new double[][] {{0, 1, 2}, {2, 5, 4}}));
    return new Model(
        network,
        "softmax_cross_entropy",
        scaler,
        List.of("a", "b", "c"),
        List.of("no", "yes"),
        Map.of("seed", "42", "note", "frozen example of format version 1"));
  }

  /**
   * Version 2's example: version 1's network, written through the layer registry, with the recipe
   * that draws it (the weights are the initial ones of seed 42, never trained).
   */
  static Model version2Example() {
    Model first = version1Example();
    Recipe recipe =
        Recipe.builder(Architecture.of(first.network()).layers(), first.loss())
            .dtype(DType.FLOAT64)
            .optimizer(OptimizerSpec.of("sgd", "learningRate", 0.1, "momentum", 0.9))
            .schedule(ScheduleSpec.of("step", "every", 5, "gamma", 0.5, "warmup", 1))
            .regularization(new Regularization(0, 1e-4, 3))
            .training(
                TrainingConfig.builder()
                    .epochs(20)
                    .batchSize(16)
                    .seed(42)
                    .validationSplit(0.25)
                    .earlyStopping(EarlyStopping.onValidationLoss(4))
                    .build())
            .preprocessing(new Preprocessing("standard", 0.2, true))
            .build();
    return new Model(
        first.network(),
        first.loss(),
        first.scaler(),
        first.featureNames(),
        first.labelNames(),
        Map.of("seed", "42", "note", "frozen example of format version 2"),
        recipe);
  }

  /** Writes the frozen file of the version given, 1 or 2; each is written once, never again. */
  public static void main(String[] args) throws IOException {
    if (args.length == 1 && args[0].equals("1")) {
      ModelFile.write(Path.of("src/test/resources/models/version-1.nabla"), version1Example());
    } else if (args.length == 1 && args[0].equals("2")) {
      ModelFile.write(Path.of("src/test/resources/models/version-2.nabla"), version2Example());
    } else {
      throw new IllegalArgumentException("give the format version to freeze: 1 or 2");
    }
  }
}
