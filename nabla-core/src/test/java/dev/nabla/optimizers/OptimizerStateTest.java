package dev.nabla.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.activations.Activations;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.RandomTensors;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class OptimizerStateTest {
  private static final List<Supplier<Optimizer>> OPTIMIZERS =
      List.of(
          () -> Sgd.builder(0.1).momentum(0.9).nesterov(true).build(),
          () -> RmsProp.builder().centered(true).momentum(0.5).build(),
          () -> Adagrad.builder().initialAccumulatorValue(0.1).build(),
          () -> Adam.builder().amsgrad(true).build(),
          () -> Adam.adamW().build());

  @Test
  void savedStateContinuesBitForBitLikeAnUninterruptedRun() {
    SplittableRandom random = new SplittableRandom(1);
    Tensor inputs = RandomTensors.normal(random, 6, 3);
    Tensor targets = RandomTensors.normal(random, 6, 2);
    for (Supplier<Optimizer> factory : OPTIMIZERS) {
      Network uninterrupted =
          Network.builder(3).seed(2).dense(4, Activations.tanh()).dense(2).build();
      Network resumed = uninterrupted.copy();
      Optimizer first = factory.get();
      train(uninterrupted, first, inputs, targets, 3);
      train(resumed, factory.get(), inputs, targets, 3);
      Map<String, Tensor> saved = first.state();

      train(uninterrupted, first, inputs, targets, 3);
      Optimizer restored = factory.get();
      restored.loadState(saved);
      train(resumed, restored, inputs, targets, 3);

      for (String name : uninterrupted.parameters().keySet()) {
        assertArrayEquals(
            uninterrupted.parameter(name).value().toDoubleArray(),
            resumed.parameter(name).value().toDoubleArray(),
            first + " " + name);
      }
    }
  }

  @Test
  void stateIsNamedByParameterAndCountsSteps() {
    Network network = Network.builder(2).dense(1).build();
    Adam adam = Adam.builder().build();
    train(network, adam, Tensor.zeros(DType.FLOAT64, 1, 2), Tensor.zeros(DType.FLOAT64, 1, 1), 2);

    Map<String, Tensor> state = adam.state();

    assertEquals(
        List.of(
            "step",
            "layers.0.weights.exp_avg",
            "layers.0.weights.exp_avg_sq",
            "layers.0.bias.exp_avg",
            "layers.0.bias.exp_avg_sq"),
        List.copyOf(state.keySet()));
    assertEquals(2, state.get("step").get(0));
  }

  @Test
  void foreignStateIsRejectedByName() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Sgd(0.1)
                    .loadState(
                        Map.of("layers.0.weights.exp_avg", Tensor.zeros(DType.FLOAT64, 1, 2))));
    assertEquals(
        "optimizer state 'layers.0.weights.exp_avg' is not kept by Sgd, which keeps"
            + " [momentum_buffer]",
        error.getMessage());
  }

  @Test
  void badHyperParametersNameTheFieldAndValue() {
    assertEquals(
        "beta1 must be in [0, 1), got 1.0",
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().betas(1.0, 0.999).build())
            .getMessage());
    assertEquals(
        "beta2 must be in [0, 1), got -0.1",
        assertThrows(IllegalArgumentException.class, () -> Adam.adamW().betas(0.9, -0.1).build())
            .getMessage());
    assertEquals(
        "learningRate must be finite and ≥ 0, got NaN",
        assertThrows(
                IllegalArgumentException.class,
                () -> RmsProp.builder().learningRate(Double.NaN).build())
            .getMessage());
    assertEquals(
        "Nesterov momentum needs momentum > 0 and dampening = 0, got momentum=0.0, dampening=0.0",
        assertThrows(IllegalArgumentException.class, () -> Sgd.builder(0.1).nesterov(true).build())
            .getMessage());
    assertEquals(
        "momentum must be in [0, 1), got -0.9",
        assertThrows(IllegalArgumentException.class, () -> Sgd.builder(0.1).momentum(-0.9).build())
            .getMessage());
    assertEquals(
        "momentum must be in [0, 1), got 5.0",
        assertThrows(IllegalArgumentException.class, () -> Sgd.builder(0.1).momentum(5).build())
            .getMessage(),
        "a momentum of 1 or more makes every step larger than the last");
    assertEquals(
        "epsilon must be finite and > 0 (it keeps a denominator from zero), got 0.0",
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().epsilon(0).build())
            .getMessage());
  }

  private static void train(
      Network network, Optimizer optimizer, Tensor inputs, Tensor targets, int steps) {
    for (int step = 0; step < steps; step++) {
      network.zeroGradients();
      Tensor prediction = network.forward(inputs);
      network.backward(Losses.meanSquaredError().gradient(prediction, targets));
      optimizer.step(network.parameters());
    }
  }
}
