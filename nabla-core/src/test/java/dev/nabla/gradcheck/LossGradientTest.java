package dev.nabla.gradcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.losses.BinaryCrossEntropy;
import dev.nabla.losses.BinaryCrossEntropyWithLogits;
import dev.nabla.losses.CategoricalCrossEntropy;
import dev.nabla.losses.HalfSquaredError;
import dev.nabla.losses.Huber;
import dev.nabla.losses.Loss;
import dev.nabla.losses.MeanAbsoluteError;
import dev.nabla.losses.MeanSquaredError;
import dev.nabla.losses.Reduction;
import dev.nabla.losses.SoftmaxCrossEntropy;
import dev.nabla.network.Network;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.RandomTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss's gradient against float64 central differences, with both reductions, on random
 * shapes. A network with no layers passes its input straight to the loss, so the checked input
 * gradient is the loss's own gradient.
 */
class LossGradientTest {
  static final double TOLERANCE = 1e-7;

  /** A loss and how to draw predictions and targets in its domain. */
  record Case(Loss loss, BiFunction<SplittableRandom, int[], Tensor[]> data) {
    @Override
    public String toString() {
      return loss.toString();
    }
  }

  static List<Arguments> losses() {
    List<Arguments> cases = new ArrayList<>();
    for (Reduction reduction : Reduction.values()) {
      BiFunction<SplittableRandom, int[], Tensor[]> real =
          (random, shape) ->
              new Tensor[] {
                RandomTensors.normal(random, shape[0], shape[1]),
                RandomTensors.normal(random, shape[0], shape[1])
              };
      BiFunction<SplittableRandom, int[], Tensor[]> probabilities =
          (random, shape) ->
              new Tensor[] {
                RandomTensors.uniform(random, shape[0], shape[1], 0.05, 0.95),
                RandomTensors.uniform(random, shape[0], shape[1], 0, 1)
              };
      BiFunction<SplittableRandom, int[], Tensor[]> distributions =
          (random, shape) ->
              new Tensor[] {
                RandomTensors.distributions(random, shape[0], shape[1]),
                RandomTensors.distributions(random, shape[0], shape[1])
              };
      BiFunction<SplittableRandom, int[], Tensor[]> logitsAndDistributions =
          (random, shape) -> {
            Tensor logits = RandomTensors.normal(random, shape[0], shape[1]);
            logits.scaleInPlace(4);
            return new Tensor[] {logits, RandomTensors.distributions(random, shape[0], shape[1])};
          };
      cases.add(Arguments.of(new Case(new HalfSquaredError(reduction), real)));
      cases.add(Arguments.of(new Case(new MeanSquaredError(reduction), real)));
      cases.add(Arguments.of(new Case(new MeanAbsoluteError(reduction), real)));
      cases.add(Arguments.of(new Case(new Huber(1.0, reduction), real)));
      cases.add(Arguments.of(new Case(new Huber(0.3, reduction), real)));
      cases.add(Arguments.of(new Case(new SoftmaxCrossEntropy(reduction), logitsAndDistributions)));
      cases.add(Arguments.of(new Case(new CategoricalCrossEntropy(reduction), distributions)));
      cases.add(Arguments.of(new Case(new BinaryCrossEntropy(reduction), probabilities)));
      cases.add(
          Arguments.of(
              new Case(
                  new BinaryCrossEntropyWithLogits(reduction),
                  (random, shape) -> {
                    Tensor logits = RandomTensors.normal(random, shape[0], shape[1]);
                    logits.scaleInPlace(4);
                    return new Tensor[] {
                      logits, RandomTensors.uniform(random, shape[0], shape[1], 0, 1)
                    };
                  })));
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("losses")
  void gradientMatchesCentralDifferences(Case lossCase) {
    SplittableRandom random = new SplittableRandom(lossCase.toString().hashCode());
    for (int trial = 0; trial < 5; trial++) {
      int[] shape = {1 + random.nextInt(4), 1 + random.nextInt(5)};
      Tensor[] data = lossCase.data().apply(random, shape);
      Network passThrough = Network.builder(shape[1]).build();

      GradientCheckReport report =
          GradientChecker.check(passThrough, lossCase.loss(), data[0], data[1]);

      assertTrue(report.passes(TOLERANCE), lossCase + " on " + data[0].shape() + "\n" + report);
    }
  }
}
