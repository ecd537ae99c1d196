package dev.nabla.activations;

import dev.nabla.tensor.Float32Tensor;
import dev.nabla.tensor.Float64Tensor;
import dev.nabla.tensor.Tensor;

/**
 * {@code f(z) = max(0, z)}; {@code f′(z) = 1} for {@code z > 0}, else 0 (0 at the kink, as in
 * PyTorch).
 */
public record Relu() implements ElementwiseActivation {
  @Override
  public double value(double z) {
    return z > 0 ? z : 0;
  }

  @Override
  public double derivative(double z, double a) {
    return z > 0 ? 1 : 0;
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
        target[i] = z > 0 ? z : 0;
      }
    } else if (preActivation instanceof Float64Tensor in
        && activation instanceof Float64Tensor out) {
      double[] source = in.data();
      double[] target = out.data();
      for (int i = 0; i < source.length; i++) {
        double z = source[i];
        target[i] = z > 0 ? z : 0;
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
        // g·0, not 0: a negative g gives −0.0, as the element-wise default does.
        target[i] = z > 0 ? g : g * 0;
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
        // g·0, not 0: a negative g gives −0.0, as the element-wise default does.
        target[i] = z > 0 ? g : g * 0;
      }
    } else {
      ElementwiseActivation.super.backward(preActivation, activation, activationGradient, delta);
    }
  }

  @Override
  public String spec() {
    return "relu";
  }

  @Override
  public String toString() {
    return "ReLU";
  }
}
