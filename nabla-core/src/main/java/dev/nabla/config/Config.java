package dev.nabla.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named settings, such as a dense layer's {@code units} and {@code bias}: an immutable, ordered map
 * from a name to a {@link Long} (whole numbers), a {@link Double}, a {@link Boolean} or a {@link
 * String}. It is what a layer type, an optimizer or a schedule is rebuilt from, and it writes to
 * JSON and reads back exactly (doubles print in the shortest form that parses to the same bits).
 *
 * <p>The typed getters check the value and name the setting at fault; {@link #requireOnly} rejects
 * settings nobody reads, so a misspelt name is an error rather than a silent default.
 */
public final class Config {
  private static final Config EMPTY = new Config(Map.of());

  private final Map<String, Object> values;

  private Config(Map<String, Object> values) {
    this.values = values;
  }

  /** No settings. */
  public static Config empty() {
    return EMPTY;
  }

  /**
   * Settings copied from {@code values}, in its iteration order; {@link Integer}s become {@link
   * Long}s and {@link Float}s become {@link Double}s.
   *
   * @throws IllegalArgumentException if a value is of another type, or a name is blank
   */
  public static Config of(Map<String, ?> values) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach((name, value) -> copy.put(checkName(name), normalise(name, value)));
    return new Config(Collections.unmodifiableMap(copy));
  }

  /** Settings from alternating names and values: {@code Config.of("units", 4, "bias", true)}. */
  public static Config of(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("Config.of takes names and values in pairs");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int index = 0; index < namesAndValues.length; index += 2) {
      if (!(namesAndValues[index] instanceof String name)) {
        throw new IllegalArgumentException(
            "setting name " + namesAndValues[index] + " is not text");
      }
      map.put(name, namesAndValues[index + 1]);
    }
    return of(map);
  }

  /** A copy with {@code name} set to {@code value} (added last if new, in place if not). */
  public Config with(String name, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(values);
    copy.put(checkName(name), normalise(name, value));
    return new Config(Collections.unmodifiableMap(copy));
  }

  /** A copy without {@code name}. */
  public Config without(String name) {
    Map<String, Object> copy = new LinkedHashMap<>(values);
    copy.remove(name);
    return new Config(Collections.unmodifiableMap(copy));
  }

  /** The settings, unmodifiable, in order. */
  public Map<String, Object> values() {
    return values;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * @throws IllegalArgumentException naming the first setting not in {@code known}, and listing the
   *     known ones
   */
  public void requireOnly(Collection<String> known) {
    for (String name : values.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown setting '"
                + name
                + "'"
                + Suggestions.didYouMean(name, known)
                + "; the settings are "
                + String.join(", ", known));
      }
    }
  }

  /** A whole number; a double with an integral value is accepted ({@code 4.0} is 4). */
  public long whole(String name) {
    Object value = require(name);
    if (value instanceof Long whole) {
      return whole;
    }
    if (value instanceof Double number
        && number == Math.rint(number)
        && Math.abs(number) < 0x1p53) {
      return number.longValue();
    }
    throw new IllegalArgumentException(
        "'" + name + "' must be a whole number, got " + quoted(value));
  }

  public long whole(String name, long fallback) {
    return has(name) ? whole(name) : fallback;
  }

  /** A whole number that fits an int and is at least {@code minimum}. */
  public int integer(String name, int minimum) {
    long value = whole(name);
    if (value < minimum) {
      throw new IllegalArgumentException(
          "'" + name + "' must be a whole number ≥ " + minimum + ", got " + value);
    }
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "'" + name + "' must be at most " + Integer.MAX_VALUE + ", got " + value);
    }
    return (int) value;
  }

  public int integer(String name, int minimum, int fallback) {
    return has(name) ? integer(name, minimum) : fallback;
  }

  /** A number, whole or not (NaN and the infinities included: the caller checks the range). */
  public double number(String name) {
    Object value = require(name);
    if (value instanceof Long whole) {
      return whole;
    }
    if (value instanceof Double number) {
      return number;
    }
    throw new IllegalArgumentException("'" + name + "' must be a number, got " + quoted(value));
  }

  public double number(String name, double fallback) {
    return has(name) ? number(name) : fallback;
  }

  public boolean bool(String name) {
    Object value = require(name);
    if (value instanceof Boolean bool) {
      return bool;
    }
    throw new IllegalArgumentException(
        "'" + name + "' must be true or false, got " + quoted(value));
  }

  public boolean bool(String name, boolean fallback) {
    return has(name) ? bool(name) : fallback;
  }

  public String text(String name) {
    Object value = require(name);
    if (value instanceof String text) {
      return text;
    }
    throw new IllegalArgumentException("'" + name + "' must be text, got " + quoted(value));
  }

  public String text(String name, String fallback) {
    return has(name) ? text(name) : fallback;
  }

  private Object require(String name) {
    Object value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the setting '" + name + "' is missing");
    }
    return value;
  }

  private static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a setting needs a name, got '" + name + "'");
    }
    return name;
  }

  private static Object normalise(String name, Object value) {
    if (value instanceof Integer whole) {
      return whole.longValue();
    }
    if (value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float number) {
      return number.doubleValue();
    }
    if (value instanceof Long || value instanceof Double) {
      return value;
    }
    if (value instanceof Boolean || value instanceof String) {
      return value;
    }
    throw new IllegalArgumentException(
        "setting '"
            + name
            + "' must be a number, true/false or text, got "
            + (value == null ? "null" : value.getClass().getSimpleName()));
  }

  private static String quoted(Object value) {
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Config config && values.equals(config.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** {@code units=4, bias=true}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    values.forEach(
        (name, value) ->
            text.append(text.length() == 0 ? "" : ", ").append(name).append('=').append(value));
    return text.toString();
  }
}
