package dev.nabla.activations;

import dev.nabla.config.Suggestions;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Factories for every activation, and {@link #parse} for specs such as {@code leaky_relu(-0.2)}.
 */
public final class Activations {
  /** The specs {@link #parse} accepts, as shown in its error messages. */
  public static final String KNOWN =
      "identity, relu, leaky_relu(slope), sigmoid, tanh, softmax, elu(alpha), gelu, softplus";

  /** The names alone, for suggestions. */
  private static final java.util.List<String> NAMES =
      java.util.List.of(
          "identity",
          "relu",
          "leaky_relu",
          "sigmoid",
          "tanh",
          "softmax",
          "elu",
          "gelu",
          "softplus");

  private static final Pattern SPEC =
      Pattern.compile("\\s*([a-z_]+)\\s*(?:\\(\\s*([^)]*?)\\s*\\))?\\s*");

  private Activations() {}

  public static Identity identity() {
    return new Identity();
  }

  public static Relu relu() {
    return new Relu();
  }

  /** Leaky ReLU with slope 0.01 for negative inputs. */
  public static LeakyRelu leakyRelu() {
    return new LeakyRelu(LeakyRelu.DEFAULT_SLOPE);
  }

  /** Leaky ReLU with any finite slope for negative inputs, negative ones included. */
  public static LeakyRelu leakyRelu(double slope) {
    return new LeakyRelu(slope);
  }

  public static Sigmoid sigmoid() {
    return new Sigmoid();
  }

  public static Tanh tanh() {
    return new Tanh();
  }

  public static Softmax softmax() {
    return new Softmax();
  }

  /** ELU with α = 1. */
  public static Elu elu() {
    return new Elu(Elu.DEFAULT_ALPHA);
  }

  public static Elu elu(double alpha) {
    return new Elu(alpha);
  }

  public static Gelu gelu() {
    return new Gelu();
  }

  public static Softplus softplus() {
    return new Softplus();
  }

  /**
   * The activation a spec names: a name from {@link #KNOWN}, case-insensitive, with an optional
   * number in parentheses for {@code leaky_relu} and {@code elu}.
   *
   * @throws IllegalArgumentException naming the spec and listing the known ones
   */
  public static Activation parse(String spec) {
    Matcher matcher = SPEC.matcher(spec.toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "cannot read activation '" + spec + "'; expected one of: " + KNOWN);
    }
    String name = matcher.group(1);
    String argument = matcher.group(2);
    switch (name) {
      case "leaky_relu":
        return argument == null ? leakyRelu() : leakyRelu(number(spec, argument));
      case "elu":
        return argument == null ? elu() : elu(number(spec, argument));
      default:
        break;
    }
    if (argument != null) {
      throw new IllegalArgumentException(
          "activation '" + name + "' takes no argument, got '" + spec.trim() + "'");
    }
    switch (name) {
      case "identity":
      case "linear":
        return identity();
      case "relu":
        return relu();
      case "sigmoid":
        return sigmoid();
      case "tanh":
        return tanh();
      case "softmax":
        return softmax();
      case "gelu":
        return gelu();
      case "softplus":
        return softplus();
      default:
        throw new IllegalArgumentException(
            "unknown activation '"
                + name
                + "'"
                + Suggestions.didYouMean(name, NAMES)
                + "; known activations: "
                + KNOWN);
    }
  }

  private static double number(String spec, String argument) {
    try {
      return Double.parseDouble(argument);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "activation '" + spec.trim() + "': '" + argument + "' is not a number", e);
    }
  }
}
