package dev.nabla.gradcheck;

import dev.nabla.layers.Parameter;
import dev.nabla.losses.Loss;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Compares backpropagation's gradients of the training objective — the loss plus the network's
 * weight penalties — with central differences {@code ∂L/∂θᵢ ≈ (L(θ + h·eᵢ) − L(θ − h·eᵢ)) / 2h},
 * whose error is {@code O(h²)}, for every parameter and every input element.
 *
 * <p>The check always runs in float64 on a copy, whatever the network's precision: in float32 the
 * rounding error of a difference quotient swamps the comparison. The network given is not changed.
 * It runs in the network's current mode ({@link Network#setTraining}), and every forward pass
 * starts from the same buffers, so a dropout layer draws the same mask each time and batch norm's
 * running statistics do not drift. Near a kink (ReLU at 0) a difference quotient that straddles the
 * kink is not a derivative; use inputs away from kinks, as random ones almost surely are.
 */
public final class GradientChecker {
  /** The default step h: near the cube root of float64's epsilon, balancing truncation error. */
  public static final double DEFAULT_STEP = 1e-6;

  private GradientChecker() {}

  /** Checks with the default step. */
  public static GradientCheckReport check(Network network, Loss loss, Tensor input, Tensor target) {
    return check(network, loss, input, target, DEFAULT_STEP);
  }

  /** Checks with step {@code h}. */
  public static GradientCheckReport check(
      Network network, Loss loss, Tensor input, Tensor target, double step) {
    if (!(step > 0) || Double.isInfinite(step)) {
      throw new IllegalArgumentException("gradient-check step must be finite and > 0, got " + step);
    }
    Network copy = network.to(DType.FLOAT64);
    Tensor x = input.to(DType.FLOAT64);
    Tensor y = target.to(DType.FLOAT64);

    Map<String, Tensor> buffers = new LinkedHashMap<>();
    copy.buffers().forEach((name, buffer) -> buffers.put(name, buffer.copy()));
    Runnable restoreBuffers =
        () -> buffers.forEach((name, saved) -> copy.buffers().get(name).copyFrom(saved));

    copy.zeroGradients();
    restoreBuffers.run();
    Tensor prediction = copy.forward(x);
    Tensor inputGradient = copy.backward(loss.gradient(prediction, y));
    copy.addPenaltyGradients();

    List<TensorCheck> checks = new ArrayList<>();
    for (Map.Entry<String, Parameter> entry : copy.parameters().entrySet()) {
      Parameter parameter = entry.getValue();
      checks.add(
          compare(
              entry.getKey(),
              parameter.value(),
              parameter.gradient(),
              () -> {
                restoreBuffers.run();
                return loss.value(copy.forward(x), y) + copy.penalty();
              },
              step));
    }
    checks.add(
        compare(
            "input",
            x,
            inputGradient,
            () -> {
              restoreBuffers.run();
              return loss.value(copy.forward(x), y) + copy.penalty();
            },
            step));
    return new GradientCheckReport(checks, step);
  }

  private static TensorCheck compare(
      String name, Tensor perturbed, Tensor analytic, DoubleSupplier lossValue, double step) {
    double maxError = 0;
    int worst = -1;
    double worstAnalytic = 0;
    double worstNumeric = 0;
    for (int index = 0; index < perturbed.size(); index++) {
      double original = perturbed.get(index);
      perturbed.set(index, original + step);
      double plus = lossValue.getAsDouble();
      perturbed.set(index, original - step);
      double minus = lossValue.getAsDouble();
      perturbed.set(index, original);
      double numeric = (plus - minus) / (2 * step);
      double backprop = analytic.get(index);
      double error =
          Math.abs(backprop - numeric)
              / Math.max(1, Math.max(Math.abs(backprop), Math.abs(numeric)));
      if (worst < 0 || error > maxError || Double.isNaN(error)) {
        maxError = error;
        worst = index;
        worstAnalytic = backprop;
        worstNumeric = numeric;
        if (Double.isNaN(error)) {
          break;
        }
      }
    }
    return new TensorCheck(name, perturbed.size(), maxError, worst, worstAnalytic, worstNumeric);
  }
}
