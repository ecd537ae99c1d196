package dev.nabla.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ReLU's and leaky ReLU's typed loops give the same bits as the element-wise default they replace,
 * zeros, negative zeros, NaN and infinities included.
 */
class ActivationFastPathTest {
  private static final double[] SPECIAL = {
    0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-45, -1e-45, 3, -3
  };

  @ParameterizedTest
  @EnumSource(DType.class)
  void typedLoopsMatchTheDefaultBitForBit(DType dtype) {
    SplittableRandom random = new SplittableRandom(1);
    Tensor z = Tensor.zeros(dtype, 20, 50);
    Tensor g = Tensor.zeros(dtype, 20, 50);
    for (int i = 0; i < z.size(); i++) {
      z.set(i, i < SPECIAL.length ? SPECIAL[i] : random.nextGaussian());
      g.set(i, i < SPECIAL.length ? SPECIAL[SPECIAL.length - 1 - i] : random.nextGaussian());
    }
    for (ElementwiseActivation activation :
        new ElementwiseActivation[] {new Relu(), new LeakyRelu(0.01), new LeakyRelu(-0.2)}) {
      Tensor fastA = Tensor.zeros(dtype, z.shape());
      Tensor slowA = Tensor.zeros(dtype, z.shape());
      Tensor fastDelta = Tensor.zeros(dtype, z.shape());
      Tensor slowDelta = Tensor.zeros(dtype, z.shape());

      activation.forward(z, fastA);
      generic(activation).forward(z, slowA);
      activation.backward(z, fastA, g, fastDelta);
      generic(activation).backward(z, slowA, g, slowDelta);

      for (int i = 0; i < z.size(); i++) {
        assertEquals(
            Double.doubleToRawLongBits(slowA.get(i)),
            Double.doubleToRawLongBits(fastA.get(i)),
            activation + " forward at " + z.get(i));
        assertEquals(
            Double.doubleToRawLongBits(slowDelta.get(i)),
            Double.doubleToRawLongBits(fastDelta.get(i)),
            activation + " backward at z=" + z.get(i) + ", g=" + g.get(i));
      }
    }
  }

  /** The activation through the interface's default loops only. */
  private static ElementwiseActivation generic(ElementwiseActivation activation) {
    return new ElementwiseActivation() {
      @Override
      public double value(double z) {
        return activation.value(z);
      }

      @Override
      public double derivative(double z, double a) {
        return activation.derivative(z, a);
      }

      @Override
      public String spec() {
        return activation.spec();
      }
    };
  }
}
