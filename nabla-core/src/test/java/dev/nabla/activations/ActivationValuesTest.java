package dev.nabla.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Values that can be checked by hand, and the numerically delicate ends. */
class ActivationValuesTest {
  @Test
  void errorFunctionMatchesReferenceValuesWithinTheMeasuredUlps() {
    // Reference values from CPython's math.erf / math.erfc (the C library's, within 1 ulp).
    double[][] erf = {
      {0.5, 0.5204998778130465}, {1, 0.8427007929497149}, {-2, -0.9953222650189527}
    };
    for (double[] pair : erf) {
      assertEquals(pair[1], ErrorFunction.erf(pair[0]), 4 * Math.ulp(pair[1]), "erf " + pair[0]);
    }
    double[][] erfc = {
      {3, 2.2090496998585438e-05},
      {5, 1.5374597944280351e-12},
      {10, 2.088487583762545e-45},
      {-5, 1.9999999999984626},
      {0.5, 0.4795001221869535}
    };
    for (double[] pair : erfc) {
      assertEquals(pair[1], ErrorFunction.erfc(pair[0]), 32 * Math.ulp(pair[1]), "erfc " + pair[0]);
    }
    assertEquals(0, ErrorFunction.erf(0));
  }

  @Test
  void theTwoBranchesMeetAtTheSwitch() {
    double below = ErrorFunction.erfc(1 - 1e-12);
    double above = ErrorFunction.erfc(1 + 1e-12);
    // erfc′(1) = −(2/√π)e^(−1) ≈ −0.415, so 2e-12 apart they differ by ≈ 8.3e-13.
    assertEquals(8.3e-13, below - above, 1e-14);
  }

  @Test
  void handWorkedValues() {
    assertEquals(0.5, new Sigmoid().value(0));
    assertEquals(0.6, new LeakyRelu(-0.2).value(-3), 1e-15, "negative slope folds −3 onto 0.6");
    assertEquals(-0.2, new LeakyRelu(-0.2).derivative(-3, 0.6));
    assertEquals(0, new Relu().derivative(0, 0), "ReLU′(0) = 0, as in PyTorch");
    assertEquals(Math.log(2), new Softplus().value(0), 1e-16);
    assertEquals(Math.expm1(-1), new Elu(1).value(-1), 1e-16);
    assertEquals(0.8413447460685429 * 1, new Gelu().value(1), 1e-15, "GELU(1) = Φ(1)");
  }

  /** ReLU's step is computed without a branch; these are the inputs where that could slip. */
  @Test
  void reluStepIsExactAtTheSmallestAndLargestInputsAndKeepsNaN() {
    Relu relu = new Relu();
    Tensor z =
        Tensor.vector(
            DType.FLOAT32, Float.MIN_VALUE, -Float.MIN_VALUE, 0, -0.0, Float.MAX_VALUE, Double.NaN);
    Tensor gradient = Tensor.zeros(DType.FLOAT32, 6);
    gradient.fill(3);
    Tensor delta = Tensor.zeros(DType.FLOAT32, 6);
    relu.backward(z, Tensor.zeros(DType.FLOAT32, 6), gradient, delta);
    assertEquals("[3.0, 0.0, 0.0, 0.0, 3.0, NaN]", Arrays.toString(delta.toDoubleArray()));
    for (double input : new double[] {Double.MIN_VALUE, Float.MIN_VALUE, Double.MAX_VALUE}) {
      assertEquals(1, relu.derivative(input, input), "ReLU′(" + input + ")");
      assertEquals(0, relu.derivative(-input, 0), "ReLU′(" + -input + ")");
    }
    assertTrue(Double.isNaN(relu.value(Double.NaN)), "a NaN is not hidden as 0");
    assertTrue(Double.isNaN(relu.derivative(Double.NaN, Double.NaN)));
    assertEquals(0.0, relu.value(-0.0), "max(−0, 0) is +0");
  }

  @Test
  void extremeInputsStayFinite() {
    assertEquals(0, new Sigmoid().value(-1000));
    assertEquals(1, new Sigmoid().value(1000));
    assertEquals(1000, new Softplus().value(1000));
    assertEquals(0, new Gelu().value(-40), 1e-300);

    Tensor logits = Tensor.matrix(DType.FLOAT64, new double[][] {{1000, 0, -1000}});
    Tensor probabilities = Tensor.zeros(DType.FLOAT64, 1, 3);
    new Softmax().forward(logits, probabilities);
    assertEquals(1, probabilities.get(0));
    assertFalse(Double.isNaN(probabilities.sum()));
  }

  @Test
  void softmaxRowsSumToOneInBothPrecisions() {
    for (DType dtype : DType.values()) {
      Tensor z = Tensor.matrix(dtype, new double[][] {{1, 2, 3}, {-5, 0, 5}});
      Tensor a = Tensor.zeros(dtype, 2, 3);
      new Softmax().forward(z, a);
      assertEquals(1, a.get(0) + a.get(1) + a.get(2), 1e-6);
      assertEquals(1, a.get(3) + a.get(4) + a.get(5), 1e-6);
    }
  }

  @Test
  void specsParseBackToEqualActivations() {
    for (Activation activation :
        new Activation[] {
          Activations.identity(),
          Activations.relu(),
          Activations.leakyRelu(-0.2),
          Activations.sigmoid(),
          Activations.tanh(),
          Activations.softmax(),
          Activations.elu(0.5),
          Activations.gelu(),
          Activations.softplus()
        }) {
      assertEquals(activation, Activations.parse(activation.spec()));
    }
    assertEquals(Activations.leakyRelu(0.01), Activations.parse(" Leaky_ReLU "));
  }

  @Test
  void unknownActivationNamesTheNameAndListsTheKnownOnes() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Activations.parse("rleu"));
    assertEquals(
        "unknown activation 'rleu' (did you mean relu?); known activations: identity, relu, leaky_relu(slope), sigmoid,"
            + " tanh, softmax, elu(alpha), gelu, softplus",
        error.getMessage());
  }

  @Test
  void malformedArgumentsAreNamed() {
    IllegalArgumentException notANumber =
        assertThrows(IllegalArgumentException.class, () -> Activations.parse("leaky_relu(abc)"));
    assertTrue(notANumber.getMessage().contains("'abc' is not a number"), notANumber.getMessage());
    IllegalArgumentException noArgument =
        assertThrows(IllegalArgumentException.class, () -> Activations.parse("relu(2)"));
    assertTrue(noArgument.getMessage().contains("takes no argument"), noArgument.getMessage());
  }
}
