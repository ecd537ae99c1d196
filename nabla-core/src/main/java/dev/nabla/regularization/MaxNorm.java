package dev.nabla.regularization;

import dev.nabla.tensor.Tensor;

/**
 * The max-norm constraint (Srebro and Shraibman, 2005; used with dropout by Srivastava et al.,
 * 2014): after each step, every unit's incoming weight vector — each row of {@code W: [out × in]} —
 * is scaled down to Euclidean norm {@code maxNorm} if it is longer; shorter rows are left exactly
 * as they are.
 */
public record MaxNorm(double maxNorm) {
  public MaxNorm {
    if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
      throw new IllegalArgumentException("maxNorm must be finite and > 0, got " + maxNorm);
    }
  }

  /**
   * Rescales the rows of {@code weights} whose norm exceeds the limit.
   *
   * @param weights {@code [out × in]}, modified
   */
  public void apply(Tensor weights) {
    int columns = weights.columns();
    for (int row = 0; row < weights.rows(); row++) {
      double squares = 0;
      for (int column = 0; column < columns; column++) {
        double w = weights.get(row * columns + column);
        squares += w * w;
      }
      double norm = Math.sqrt(squares);
      if (norm > maxNorm) {
        double scale = maxNorm / norm;
        for (int column = 0; column < columns; column++) {
          weights.set(row * columns + column, weights.get(row * columns + column) * scale);
        }
      }
    }
  }
}
