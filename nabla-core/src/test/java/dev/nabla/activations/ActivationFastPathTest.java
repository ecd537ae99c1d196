package dev.nabla.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.MatrixOps;
import dev.nabla.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ReLU's and leaky ReLU's typed loops, and the one-pass bias and activation, give the same bits as
 * the element-wise default they replace, zeros, negative zeros, NaN and infinities included.
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

  /**
   * The bias and the activation in one pass give the bits of the two passes, written to another
   * buffer (training keeps z) or over z itself (inference).
   */
  @ParameterizedTest
  @EnumSource(DType.class)
  void biasAndActivationInOnePassMatchTwoPassesBitForBit(DType dtype) {
    SplittableRandom random = new SplittableRandom(2);
    Tensor z = Tensor.zeros(dtype, 7, SPECIAL.length);
    Tensor bias = Tensor.zeros(dtype, SPECIAL.length);
    for (int i = 0; i < z.size(); i++) {
      z.set(i, i < SPECIAL.length ? SPECIAL[i] : random.nextGaussian());
    }
    for (int j = 0; j < SPECIAL.length; j++) {
      bias.set(j, j % 3 == 0 ? SPECIAL[SPECIAL.length - 1 - j] : random.nextGaussian());
    }
    for (ElementwiseActivation activation :
        new ElementwiseActivation[] {new Relu(), new LeakyRelu(0.01), new Tanh()}) {
      Tensor twoPassZ = z.copy();
      Tensor twoPassA = Tensor.zeros(dtype, z.shape());
      MatrixOps.addToEachRow(twoPassZ, bias);
      activation.forward(twoPassZ, twoPassA);
      Tensor onePassZ = z.copy();
      Tensor onePassA = Tensor.zeros(dtype, z.shape());
      activation.forwardWithBias(onePassZ, bias, onePassA);
      Tensor inPlace = z.copy();
      activation.forwardWithBias(inPlace, bias, inPlace);

      for (int i = 0; i < z.size(); i++) {
        String at = activation + " at z=" + z.get(i) + ", b=" + bias.get(i % SPECIAL.length);
        assertEquals(bits(twoPassZ, i), bits(onePassZ, i), at + ": z + b");
        assertEquals(bits(twoPassA, i), bits(onePassA, i), at);
        assertEquals(bits(twoPassA, i), bits(inPlace, i), at + ", in place");
      }
    }
  }

  private static long bits(Tensor tensor, int index) {
    return Double.doubleToRawLongBits(tensor.get(index));
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
