package dev.nabla.tensor;

import java.util.Locale;

/** The element type of a tensor. */
public enum DType {
  /** IEEE 754 double precision; the precision of every reference value and gradient check. */
  FLOAT64,
  /** IEEE 754 single precision; half the memory and bandwidth, for fast training. */
  FLOAT32;

  /**
   * Parses {@code float64}/{@code double} or {@code float32}/{@code float}, ignoring case.
   *
   * @throws IllegalArgumentException naming the text and the accepted names
   */
  public static DType parse(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "float64":
      case "double":
        return FLOAT64;
      case "float32":
      case "float":
        return FLOAT32;
      default:
        throw new IllegalArgumentException(
            "unknown precision '" + name + "'; expected float64 or float32");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
