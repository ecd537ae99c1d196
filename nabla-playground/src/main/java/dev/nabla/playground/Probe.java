package dev.nabla.playground;

import dev.nabla.layers.LayerText;
import dev.nabla.network.Network;
import dev.nabla.optimizers.OptimizerSpec;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Execution;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingSession;

final class Probe {
  private Probe() {}

  static String run(int epochs) {
    Recipe recipe =
        Recipe.builder(LayerText.parse("4:relu,1"), "mse")
            .optimizer(OptimizerSpec.parse("sgd").with("lr", 0.1))
            .training(
                TrainingConfig.builder()
                    .epochs(epochs)
                    .batchSize(4)
                    .seed(7)
                    .validationSplit(0)
                    .build())
            .build();
    Network network = recipe.network(2);
    Tensor x = Tensor.matrix(DType.FLOAT32, new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    Tensor y = Tensor.matrix(DType.FLOAT32, new double[][] {{0}, {1}, {1}, {0}});
    TrainingSession session =
        recipe
            .trainerBuilder()
            .execution(Execution.singleThreaded())
            .build()
            .session(network, x, y);
    double loss = 0;
    while (!session.isFinished()) {
      loss = session.step().loss();
    }
    return "loss " + loss + " bits " + Float.floatToRawIntBits((float) loss);
  }
}
