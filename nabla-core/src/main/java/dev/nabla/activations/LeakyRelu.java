package dev.nabla.activations;

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

  @Override
  public String spec() {
    return "leaky_relu(" + slope + ")";
  }

  @Override
  public String toString() {
    return "LeakyReLU(slope=" + slope + ")";
  }
}
