package dev.nabla.network;

import java.util.Objects;

/**
 * The name of a network's parameter or buffer: the layer's position and the layer's own name for
 * the tensor, written {@code layers.<layer>.<local>}, e.g. {@code layers.0.weights}. Model files,
 * checkpoints and optimizer state all key tensors by this text.
 */
public record ParameterName(int layer, String local) {
  private static final String PREFIX = "layers.";

  public ParameterName {
    if (layer < 0) {
      throw new IllegalArgumentException("a layer index is ≥ 0, got " + layer);
    }
    Objects.requireNonNull(local, "local");
    if (local.isEmpty() || local.contains(".")) {
      throw new IllegalArgumentException(
          "a layer's own tensor name is non-empty and has no dot, got '" + local + "'");
    }
  }

  public static ParameterName of(int layer, String local) {
    return new ParameterName(layer, local);
  }

  /** {@code "layers." + layer + "." + local}, without building the record. */
  public static String text(int layer, String local) {
    return PREFIX + layer + "." + local;
  }

  /**
   * Reads {@code layers.<layer>.<local>}.
   *
   * @throws IllegalArgumentException naming the text if it is not of that form
   */
  public static ParameterName parse(String text) {
    int dot = text.indexOf('.', PREFIX.length());
    if (!text.startsWith(PREFIX) || dot < 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a parameter name of the form layers.<index>.<name>");
    }
    int layer;
    try {
      layer = Integer.parseInt(text.substring(PREFIX.length(), dot));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a parameter name of the form layers.<index>.<name>", e);
    }
    return new ParameterName(layer, text.substring(dot + 1));
  }

  /** {@code layers.0.weights}. */
  @Override
  public String toString() {
    return text(layer, local);
  }
}
