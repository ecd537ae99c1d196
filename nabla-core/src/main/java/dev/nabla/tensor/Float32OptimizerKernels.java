package dev.nabla.tensor;

/**
 * Optimizer update rules on flat float32 arrays, computed in float32; the update formulas are those
 * of {@code dev.nabla.optimizers.Sgd} and {@code Adam}, whose Javadoc states them.
 *
 * <p>Arrays named {@code value} and the state arrays are <em>modified</em>; {@code gradient} is
 * <em>not modified</em>. Each rule updates the elements {@code from ≤ i < to}: a step split across
 * cores gives each thread a range.
 *
 * <p>GENERATED from {@code Float64OptimizerKernels} by {@code KernelTwinTest}: edit that file,
 * never this one. Float32 parameters are thus updated in float32 arithmetic, as PyTorch does, which
 * also lets the loops vectorise.
 */
public final class Float32OptimizerKernels {
  private Float32OptimizerKernels() {}

  /**
   * One SGD step: {@code g = ∂L/∂θ + λθ}; with momentum μ, {@code b = g} on the first step, else
   * {@code b = μb + (1 − dampening)g}; {@code g = g + μb} (Nesterov) or {@code b}; {@code θ −=
   * η·g}.
   *
   * @param buffer the momentum buffer, or null without momentum
   */
  public static void sgd(
      float[] value,
      float[] gradient,
      float[] buffer,
      boolean firstStep,
      float learningRate,
      float momentum,
      float dampening,
      boolean nesterov,
      float weightDecay,
      int from,
      int to) {
    float keep = 1 - dampening;
    for (int i = from; i < to; i++) {
      float g = gradient[i];
      if (weightDecay != 0) {
        g += weightDecay * value[i];
      }
      if (buffer != null) {
        buffer[i] = firstStep ? g : momentum * buffer[i] + keep * g;
        g = nesterov ? g + momentum * buffer[i] : buffer[i];
      }
      value[i] = value[i] - learningRate * g;
    }
  }

  /**
   * One Adam or AdamW step at step t: {@code m = β₁m + (1 − β₁)g}, {@code v = β₂v + (1 − β₂)g²},
   * {@code v̂ = max(v̂, v)} with AMSGrad, {@code θ −= stepSize · m / (√v̂ / biasCorrection2Sqrt +
   * ε)}, with {@code stepSize = η/(1 − β₁ᵗ)} and {@code biasCorrection2Sqrt = √(1 − β₂ᵗ)}; weight
   * decay λ is coupled ({@code g += λθ}) or decoupled ({@code θ *= 1 − ηλ} first).
   *
   * @param maxSecondMoment v̂ for AMSGrad, or null
   */
  public static void adam(
      float[] value,
      float[] gradient,
      float[] firstMoment,
      float[] secondMoment,
      float[] maxSecondMoment,
      float learningRate,
      float beta1,
      float beta2,
      float epsilon,
      float weightDecay,
      boolean decoupled,
      float stepSize,
      float biasCorrection2Sqrt,
      int from,
      int to) {
    float keep1 = 1 - beta1;
    float keep2 = 1 - beta2;
    float decay = 1 - learningRate * weightDecay;
    for (int i = from; i < to; i++) {
      float theta = value[i];
      float g = gradient[i];
      if (decoupled) {
        theta *= decay;
      } else if (weightDecay != 0) {
        g += weightDecay * theta;
      }
      firstMoment[i] = beta1 * firstMoment[i] + keep1 * g;
      secondMoment[i] = beta2 * secondMoment[i] + keep2 * g * g;
      float second = secondMoment[i];
      if (maxSecondMoment != null) {
        second = Math.max(maxSecondMoment[i], second);
        maxSecondMoment[i] = second;
      }
      value[i] =
          theta
              - stepSize
                  * (firstMoment[i] / ((float) Math.sqrt(second) / biasCorrection2Sqrt + epsilon));
    }
  }

  /**
   * One RMSProp step: {@code g = ∂L/∂θ + λθ}, {@code v = αv + (1 − α)g²}; centred, {@code ḡ = αḡ +
   * (1 − α)g} and {@code d = √(v − ḡ²) + ε}, else {@code d = √v + ε}; with momentum μ, {@code b =
   * μb + g/d} and {@code θ −= ηb}, else {@code θ −= η·g/d}.
   *
   * @param gradientAverage ḡ when centred, or null
   * @param buffer the momentum buffer when μ > 0, or null
   */
  public static void rmsProp(
      float[] value,
      float[] gradient,
      float[] squareAverage,
      float[] gradientAverage,
      float[] buffer,
      float learningRate,
      float alpha,
      float epsilon,
      float weightDecay,
      float momentum,
      int from,
      int to) {
    float keep = 1 - alpha;
    for (int i = from; i < to; i++) {
      float g = gradient[i];
      if (weightDecay != 0) {
        g += weightDecay * value[i];
      }
      squareAverage[i] = alpha * squareAverage[i] + keep * g * g;
      float denominator;
      if (gradientAverage != null) {
        gradientAverage[i] = alpha * gradientAverage[i] + keep * g;
        denominator =
            (float) Math.sqrt(squareAverage[i] - gradientAverage[i] * gradientAverage[i]) + epsilon;
      } else {
        denominator = (float) Math.sqrt(squareAverage[i]) + epsilon;
      }
      if (buffer != null) {
        buffer[i] = momentum * buffer[i] + g / denominator;
        value[i] = value[i] - learningRate * buffer[i];
      } else {
        value[i] = value[i] - learningRate * (g / denominator);
      }
    }
  }

  /**
   * One Adagrad step at rate {@code η_t}: {@code g = ∂L/∂θ + λθ}, {@code s = s + g²}, {@code θ −=
   * η_t · g/(√s + ε)}.
   */
  public static void adagrad(
      float[] value,
      float[] gradient,
      float[] sum,
      float rate,
      float epsilon,
      float weightDecay,
      int from,
      int to) {
    for (int i = from; i < to; i++) {
      float g = gradient[i];
      if (weightDecay != 0) {
        g += weightDecay * value[i];
      }
      sum[i] = sum[i] + g * g;
      value[i] = value[i] - rate * (g / ((float) Math.sqrt(sum[i]) + epsilon));
    }
  }
}
