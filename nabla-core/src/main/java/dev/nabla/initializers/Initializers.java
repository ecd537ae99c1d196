package dev.nabla.initializers;

import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The standard initializers. Uniform ones draw from {@code U(−bound, bound)}, normal ones from
 * {@code N(0, std²)}:
 *
 * <ul>
 *   <li>Glorot/Xavier (Glorot and Bengio, 2010): {@code bound = √(6/(fanIn+fanOut))}, {@code std =
 *       √(2/(fanIn+fanOut))} — for tanh and sigmoid layers;
 *   <li>He/Kaiming (He et al., 2015): {@code bound = √(6/fanIn)}, {@code std = √(2/fanIn)} — for
 *       ReLU layers;
 *   <li>LeCun (LeCun et al., 1998): {@code bound = √(3/fanIn)}, {@code std = √(1/fanIn)}.
 * </ul>
 */
public final class Initializers {
  private Initializers() {}

  public static Initializer zeros() {
    return constant(0);
  }

  public static Initializer constant(double value) {
    return (tensor, fanIn, fanOut, random) -> tensor.fill(value);
  }

  /** {@code U(low, high)}. */
  public static Initializer uniform(double low, double high) {
    if (!(low < high) || Double.isInfinite(low) || Double.isInfinite(high)) {
      throw new IllegalArgumentException(
          "uniform initializer needs finite low < high, got low=" + low + ", high=" + high);
    }
    return (tensor, fanIn, fanOut, random) -> fillUniform(tensor, low, high, random);
  }

  /** {@code N(mean, std²)}. */
  public static Initializer normal(double mean, double std) {
    if (!(std >= 0) || Double.isInfinite(std) || !Double.isFinite(mean)) {
      throw new IllegalArgumentException(
          "normal initializer needs finite mean and std ≥ 0, got mean=" + mean + ", std=" + std);
    }
    return (tensor, fanIn, fanOut, random) -> fillNormal(tensor, mean, std, random);
  }

  public static Initializer glorotUniform() {
    return (tensor, fanIn, fanOut, random) -> {
      double bound = Math.sqrt(6.0 / (fanIn + fanOut));
      fillUniform(tensor, -bound, bound, random);
    };
  }

  public static Initializer glorotNormal() {
    return (tensor, fanIn, fanOut, random) ->
        fillNormal(tensor, 0, Math.sqrt(2.0 / (fanIn + fanOut)), random);
  }

  public static Initializer heUniform() {
    return (tensor, fanIn, fanOut, random) -> {
      double bound = Math.sqrt(6.0 / fanIn);
      fillUniform(tensor, -bound, bound, random);
    };
  }

  public static Initializer heNormal() {
    return (tensor, fanIn, fanOut, random) -> fillNormal(tensor, 0, Math.sqrt(2.0 / fanIn), random);
  }

  public static Initializer lecunUniform() {
    return (tensor, fanIn, fanOut, random) -> {
      double bound = Math.sqrt(3.0 / fanIn);
      fillUniform(tensor, -bound, bound, random);
    };
  }

  public static Initializer lecunNormal() {
    return (tensor, fanIn, fanOut, random) -> fillNormal(tensor, 0, Math.sqrt(1.0 / fanIn), random);
  }

  /**
   * Explicit values in row-major order, copied; the tensor must have exactly that many elements.
   */
  public static Initializer values(double... values) {
    double[] copy = values.clone();
    return (tensor, fanIn, fanOut, random) -> {
      if (tensor.size() != copy.length) {
        throw new ShapeException(
            "explicit initial values: a tensor of shape "
                + tensor.shape()
                + " needs "
                + tensor.size()
                + " values, got "
                + copy.length);
      }
      for (int index = 0; index < copy.length; index++) {
        tensor.set(index, copy[index]);
      }
    };
  }

  private static void fillUniform(Tensor tensor, double low, double high, RandomGenerator random) {
    for (int index = 0; index < tensor.size(); index++) {
      tensor.set(index, low + (high - low) * random.nextDouble());
    }
  }

  private static void fillNormal(Tensor tensor, double mean, double std, RandomGenerator random) {
    for (int index = 0; index < tensor.size(); index++) {
      tensor.set(index, mean + std * random.nextGaussian());
    }
  }
}
