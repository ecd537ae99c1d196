package dev.nabla.activations;

import dev.nabla.tensor.Tensor;

/**
 * Softmax over each row: {@code aᵢ = e^(zᵢ − m) / Σⱼ e^(zⱼ − m)} with {@code m = maxⱼ zⱼ}, which
 * leaves the value unchanged and keeps {@code exp} from overflowing.
 *
 * <p>Backward uses the whole Jacobian {@code ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ)}, off-diagonal terms included
 * (seed notebook 002 dropped them): {@code ∂L/∂zᵢ = aᵢ·(∂L/∂aᵢ − Σⱼ ∂L/∂aⱼ·aⱼ)}.
 */
public record Softmax() implements Activation {
  @Override
  public void forward(Tensor preActivation, Tensor activation) {
    int columns = preActivation.columns();
    for (int row = 0; row < preActivation.rows(); row++) {
      int start = row * columns;
      double max = Double.NEGATIVE_INFINITY;
      for (int column = 0; column < columns; column++) {
        max = Math.max(max, preActivation.get(start + column));
      }
      double sum = 0;
      for (int column = 0; column < columns; column++) {
        double exponential = Math.exp(preActivation.get(start + column) - max);
        activation.set(start + column, exponential);
        sum += exponential;
      }
      for (int column = 0; column < columns; column++) {
        activation.set(start + column, activation.get(start + column) / sum);
      }
    }
  }

  @Override
  public void backward(
      Tensor preActivation, Tensor activation, Tensor activationGradient, Tensor delta) {
    int columns = activation.columns();
    for (int row = 0; row < activation.rows(); row++) {
      int start = row * columns;
      double weightedSum = 0;
      for (int column = 0; column < columns; column++) {
        weightedSum += activationGradient.get(start + column) * activation.get(start + column);
      }
      for (int column = 0; column < columns; column++) {
        double a = activation.get(start + column);
        delta.set(start + column, a * (activationGradient.get(start + column) - weightedSum));
      }
    }
  }

  @Override
  public String spec() {
    return "softmax";
  }

  @Override
  public String toString() {
    return "Softmax";
  }
}
