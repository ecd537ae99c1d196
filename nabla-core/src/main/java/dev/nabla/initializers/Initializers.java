package dev.nabla.initializers;

import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
  /** The specs {@link #parse} accepts. */
  public static final String KNOWN =
      "zeros, ones, constant(value), uniform(low, high), normal(mean, std), glorot_uniform,"
          + " glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal";

  private static final Pattern SPEC = Pattern.compile("\\s*([a-z_]+)\\s*(?:\\(([^)]*)\\))?\\s*");

  private Initializers() {}

  /**
   * The initializer a spec names, as recipes write it: a name from {@link #KNOWN}, with its numbers
   * in parentheses for {@code constant}, {@code uniform} and {@code normal} ({@code uniform(-0.5,
   * 0.5)}). {@code xavier_*} and {@code kaiming_*} are accepted for Glorot and He.
   *
   * @throws IllegalArgumentException naming the spec and listing the known ones
   */
  public static Initializer parse(String spec) {
    Matcher matcher = SPEC.matcher(spec.toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "cannot read initializer '" + spec + "'; expected one of: " + KNOWN);
    }
    String name = matcher.group(1);
    double[] numbers = numbers(spec, matcher.group(2));
    int wanted =
        switch (name) {
          case "constant" -> 1;
          case "uniform", "normal" -> 2;
          default -> 0;
        };
    if (numbers.length != wanted) {
      throw new IllegalArgumentException(
          "initializer '"
              + spec.trim()
              + "' takes "
              + wanted
              + (wanted == 1 ? " number" : " numbers")
              + ", got "
              + numbers.length);
    }
    return switch (name) {
      case "zeros" -> zeros();
      case "ones" -> constant(1);
      case "constant" -> constant(numbers[0]);
      case "uniform" -> uniform(numbers[0], numbers[1]);
      case "normal" -> normal(numbers[0], numbers[1]);
      case "glorot_uniform", "xavier_uniform" -> glorotUniform();
      case "glorot_normal", "xavier_normal" -> glorotNormal();
      case "he_uniform", "kaiming_uniform" -> heUniform();
      case "he_normal", "kaiming_normal" -> heNormal();
      case "lecun_uniform" -> lecunUniform();
      case "lecun_normal" -> lecunNormal();
      default ->
          throw new IllegalArgumentException(
              "unknown initializer '"
                  + name
                  + "'"
                  + dev.nabla.config.Suggestions.didYouMean(
                      name, List.of(KNOWN.replaceAll("\\([^)]*\\)", "").split(",\\s*")))
                  + "; known initializers: "
                  + KNOWN);
    };
  }

  private static double[] numbers(String spec, String arguments) {
    if (arguments == null || arguments.isBlank()) {
      return new double[0];
    }
    String[] parts = arguments.split(",");
    double[] numbers = new double[parts.length];
    for (int index = 0; index < parts.length; index++) {
      try {
        numbers[index] = Double.parseDouble(parts[index].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "initializer '" + spec.trim() + "': '" + parts[index].trim() + "' is not a number", e);
      }
    }
    return numbers;
  }

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
