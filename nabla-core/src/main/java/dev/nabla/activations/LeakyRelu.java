package dev.nabla.activations;

import dev.nabla.explain.Formula;
import dev.nabla.tensor.Float32Tensor;
import dev.nabla.tensor.Float64Tensor;
import dev.nabla.tensor.Tensor;

/**
 * {@code f(z) = z} for {@code z > 0}, else {@code slope·z}; {@code f′(z) = 1} for {@code z > 0},
 * else {@code slope}.
 *
 * <p>Any finite slope is allowed, including a negative one: seed notebook 004 uses {@code −0.2},
 * which folds negative inputs onto positive outputs.
 */
public record LeakyRelu(double slope) implements ElementwiseActivation {
  /** PyTorch's and Keras's default slope, 0.01. */
  public static final double DEFAULT_SLOPE = 0.01;

  public LeakyRelu {
    if (!Double.isFinite(slope)) {
      throw new IllegalArgumentException("leaky ReLU slope must be finite, got " + slope);
    }
  }

  @Override
  public double value(double z) {
    return z > 0 ? z : slope * z;
  }

  @Override
  public double derivative(double z, double a) {
    return z > 0 ? 1 : slope;
  }

  /**
   * The same as the element-wise default, in typed loops: through the shared default method the
   * call to {@link #value} sees every activation and cannot be inlined. {@code
   * ActivationFastPathTest} checks that both give the same bits.
   */
  @Override
  public void forward(Tensor preActivation, Tensor activation) {
    if (preActivation instanceof Float32Tensor in && activation instanceof Float32Tensor out) {
      float[] source = in.data();
      float[] target = out.data();
      for (int i = 0; i < source.length; i++) {
        float z = source[i];
        // In double, then rounded, as the element-wise default does.
        target[i] = z > 0 ? z : (float) (slope * z);
      }
    } else if (preActivation instanceof Float64Tensor in
        && activation instanceof Float64Tensor out) {
      double[] source = in.data();
      double[] target = out.data();
      for (int i = 0; i < source.length; i++) {
        double z = source[i];
        target[i] = z > 0 ? z : slope * z;
      }
    } else {
      ElementwiseActivation.super.forward(preActivation, activation);
    }
  }

  @Override
  public void backward(
      Tensor preActivation, Tensor activation, Tensor activationGradient, Tensor delta) {
    if (preActivation instanceof Float32Tensor in
        && activationGradient instanceof Float32Tensor gradient
        && delta instanceof Float32Tensor out) {
      float[] z32 = in.data();
      float[] g32 = gradient.data();
      float[] target = out.data();
      for (int i = 0; i < z32.length; i++) {
        float z = z32[i];
        float g = g32[i];
        target[i] = z > 0 ? g : (float) (slope * g);
      }
    } else if (preActivation instanceof Float64Tensor in
        && activationGradient instanceof Float64Tensor gradient
        && delta instanceof Float64Tensor out) {
      double[] z64 = in.data();
      double[] g64 = gradient.data();
      double[] target = out.data();
      for (int i = 0; i < z64.length; i++) {
        double z = z64[i];
        double g = g64[i];
        target[i] = z > 0 ? g : slope * g;
      }
    } else {
      ElementwiseActivation.super.backward(preActivation, activation, activationGradient, delta);
    }
  }

  @Override
  public Formula definition(Formula z) {
    return Formula.of(
        "("
            + z.text()
            + " if "
            + z.text()
            + " > 0, else "
            + Formula.value(slope).text()
            + "·"
            + z.text()
            + ")",
        "\\begin{cases} "
            + z.latex()
            + " & "
            + z.latex()
            + " > 0 \\\\ "
            + Formula.value(slope).latex()
            + " \\cdot "
            + z.latex()
            + " & \\text{otherwise} \\end{cases}");
  }

  @Override
  public Formula derivativeDefinition(Formula z, Formula a) {
    return Formula.of(
        "(1 if " + z.text() + " > 0, else " + Formula.value(slope).text() + ")",
        "\\begin{cases} 1 & "
            + z.latex()
            + " > 0 \\\\ "
            + Formula.value(slope).latex()
            + " & \\text{otherwise} \\end{cases}");
  }

  @Override
  public String spec() {
    return "leaky_relu(" + slope + ")";
  }

  @Override
  public String toString() {
    return "LeakyReLU(slope=" + slope + ")";
  }
}
