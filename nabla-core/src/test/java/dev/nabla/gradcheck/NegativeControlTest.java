package dev.nabla.gradcheck;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activation;
import dev.nabla.activations.ElementwiseActivation;
import dev.nabla.activations.Softmax;
import dev.nabla.losses.BinaryCrossEntropy;
import dev.nabla.losses.Losses;
import dev.nabla.losses.Reduction;
import dev.nabla.network.Network;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.RandomTensors;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The checker catches the seed notebooks' wrong derivatives: it is a test that can fail. */
class NegativeControlTest {

  /** Seed 002's mistake: the softmax Jacobian's off-diagonal terms dropped. */
  static final class DiagonalOnlySoftmax implements Activation {
    private final Softmax softmax = new Softmax();

    @Override
    public void forward(Tensor preActivation, Tensor activation) {
      softmax.forward(preActivation, activation);
    }

    @Override
    public void backward(Tensor z, Tensor a, Tensor activationGradient, Tensor delta) {
      for (int index = 0; index < a.size(); index++) {
        double p = a.get(index);
        delta.set(index, activationGradient.get(index) * p * (1 - p));
      }
    }

    @Override
    public String spec() {
      return "diagonal_only_softmax";
    }
  }

  /** Seed 003's "generic loop" mistake: multiplying by f instead of f′ (here for tanh). */
  record ValueInsteadOfDerivative() implements ElementwiseActivation {
    @Override
    public double value(double z) {
      return Math.tanh(z);
    }

    @Override
    public double derivative(double z, double a) {
      return a;
    }

    @Override
    public String spec() {
      return "tanh_with_f_as_derivative";
    }
  }

  @Test
  void catchesSeed002sSoftmaxJacobianWithoutItsOffDiagonalTerms() {
    SplittableRandom random = new SplittableRandom(2);
    Tensor input = RandomTensors.normal(random, 2, 3);
    Tensor target = RandomTensors.oneHot(random, 2, 3);
    BinaryCrossEntropy seed002Loss = new BinaryCrossEntropy(Reduction.SUM);

    Network wrong =
        Network.builder(3).seed(5).dense(3).activation(new DiagonalOnlySoftmax()).build();
    Network right = Network.builder(3).seed(5).dense(3).activation(new Softmax()).build();

    assertFalse(GradientChecker.check(wrong, seed002Loss, input, target).passes(1e-3));
    assertTrue(GradientChecker.check(right, seed002Loss, input, target).passes(1e-7));
  }

  @Test
  void catchesSeed003sValueUsedInPlaceOfTheDerivative() {
    SplittableRandom random = new SplittableRandom(3);
    Network wrong =
        Network.builder(2).seed(6).dense(3, new ValueInsteadOfDerivative()).dense(1).build();

    GradientCheckReport report =
        GradientChecker.check(
            wrong,
            Losses.meanSquaredError(),
            RandomTensors.normal(random, 4, 2),
            RandomTensors.normal(random, 4, 1));

    assertFalse(report.passes(1e-3), report.toString());
  }
}
