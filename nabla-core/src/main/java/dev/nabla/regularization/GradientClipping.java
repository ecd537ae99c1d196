package dev.nabla.regularization;

import dev.nabla.layers.Parameter;
import java.util.Map;

/** Gradient clipping, PyTorch's {@code clip_grad_value_} and {@code clip_grad_norm_}. */
public final class GradientClipping {
  /** PyTorch's guard against division by zero in {@code clip_grad_norm_}. */
  private static final double NORM_EPSILON = 1e-6;

  private GradientClipping() {}

  /**
   * Clamps every gradient element to {@code [−limit, limit]}.
   *
   * @param parameters gradients modified
   */
  public static void clipByValue(Map<String, Parameter> parameters, double limit) {
    for (Parameter parameter : parameters.values()) {
      var gradient = parameter.gradient();
      for (int index = 0; index < gradient.size(); index++) {
        gradient.set(index, Math.max(-limit, Math.min(limit, gradient.get(index))));
      }
    }
  }

  /**
   * Scales all gradients together so that their global Euclidean norm {@code ‖g‖ = √(Σ over every
   * parameter of Σg²)} is at most {@code maxNorm}: {@code g ← g·maxNorm/(‖g‖ + 10⁻⁶)} when that
   * factor is below 1.
   *
   * @param parameters gradients modified
   * @return the global norm before clipping
   */
  public static double clipByGlobalNorm(Map<String, Parameter> parameters, double maxNorm) {
    double squares = 0;
    for (Parameter parameter : parameters.values()) {
      var gradient = parameter.gradient();
      for (int index = 0; index < gradient.size(); index++) {
        squares += gradient.get(index) * gradient.get(index);
      }
    }
    double norm = Math.sqrt(squares);
    double factor = maxNorm / (norm + NORM_EPSILON);
    if (factor < 1) {
      for (Parameter parameter : parameters.values()) {
        parameter.gradient().scaleInPlace(factor);
      }
    }
    return norm;
  }
}
