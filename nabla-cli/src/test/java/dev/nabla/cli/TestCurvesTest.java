package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.activations.Activations;
import dev.nabla.losses.Losses;
import dev.nabla.metrics.Metrics;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Sgd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run with a test set but no validation still gets a held-out curve for its plots. */
class TestCurvesTest {
  @Test
  void everyEpochMeasuresTheTestSetWithoutTouchingTraining() {
    Tensor x = Tensor.matrix(DType.FLOAT64, new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    Tensor y = Tensor.matrix(DType.FLOAT64, new double[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}});
    Network network = Network.builder(2).seed(1).dense(4, Activations.tanh()).dense(2).build();
    Network twin = network.copy();
    TestCurves curves =
        new TestCurves(network, Losses.softmaxCrossEntropy(), x, y, List.of(Metrics.accuracy()));
    TrainingConfig config = TrainingConfig.builder().epochs(7).fullBatch().build();
    TrainingResult measured =
        Trainer.builder(Losses.softmaxCrossEntropy(), new Sgd(0.5))
            .config(config)
            .listener(curves)
            .build()
            .fit(network, x, y);
    TrainingResult plain =
        Trainer.builder(Losses.softmaxCrossEntropy(), new Sgd(0.5))
            .config(config)
            .build()
            .fit(twin, x, y);

    TrainingResult withCurves = curves.addedTo(measured);
    assertEquals(7, withCurves.metricHistory().get("test loss").size());
    assertEquals(7, withCurves.metricHistory().get("test accuracy").size());
    assertEquals(plain.lossHistory(), measured.lossHistory(), "measuring does not change training");
    assertEquals(
        measured.lossHistory().get(6),
        withCurves.metricHistory().get("test loss").get(5),
        1e-12,
        "epoch 7's loss is measured before its step; epoch 6's test loss after it, same weights");
  }
}
