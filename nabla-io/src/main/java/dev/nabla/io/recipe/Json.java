package dev.nabla.io.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.config.Config;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Strict reading of JSON fields, each error naming the field's path ({@code training.epochs}), and
 * {@link Config}s as JSON objects. Doubles are written in the shortest form that reads back to the
 * same bits, so values round-trip exactly.
 */
public final class Json {
  private Json() {}

  /** A field that must be an object. */
  public static JsonNode object(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(path(path, field) + " must be an object" + got(node));
    }
    return node;
  }

  /** A field that must be text. */
  public static String text(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException(path(path, field) + " must be text" + got(node));
    }
    return node.asText();
  }

  /** A field that must be a number; {@code null} or absent gives NaN when {@code nullable}. */
  public static double number(JsonNode parent, String field, String path, boolean nullable) {
    JsonNode node = parent.get(field);
    if (nullable && (node == null || node.isNull())) {
      return Double.NaN;
    }
    if (node == null || !node.isNumber()) {
      throw new IllegalArgumentException(path(path, field) + " must be a number" + got(node));
    }
    double value = node.doubleValue();
    if (!Double.isFinite(value)) {
      // JSON has no NaN or infinity; a reader that let one through must not turn it into "none".
      throw new IllegalArgumentException(
          path(path, field)
              + " must be a finite number"
              + (nullable ? " or null" : "")
              + got(node));
    }
    return value;
  }

  /** A field that must be a whole number. */
  public static long whole(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new IllegalArgumentException(path(path, field) + " must be a whole number" + got(node));
    }
    return node.longValue();
  }

  /** A whole number that fits an int. */
  public static int integer(JsonNode parent, String field, String path) {
    long value = whole(parent, field, path);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(path(path, field) + " is out of range: " + value);
    }
    return (int) value;
  }

  /** A field that must be true or false. */
  public static boolean bool(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isBoolean()) {
      throw new IllegalArgumentException(path(path, field) + " must be true or false" + got(node));
    }
    return node.booleanValue();
  }

  /**
   * @throws IllegalArgumentException naming the first field of {@code node} not in {@code known}
   */
  public static void requireOnly(JsonNode node, Collection<String> known, String path) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown field "
                + path(path, name)
                + "; "
                + (path.isEmpty() ? "a recipe" : path)
                + " has "
                + String.join(", ", known));
      }
    }
  }

  /**
   * The fields of {@code node} other than {@code type} as a {@link Config}: whole numbers as longs,
   * other numbers as doubles, booleans and text as they are.
   *
   * @throws IllegalArgumentException naming a field that is null, an array or an object
   */
  public static Config config(JsonNode node, String path) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String name = field.getKey();
      if (name.equals("type")) {
        continue;
      }
      JsonNode value = field.getValue();
      if (value.isIntegralNumber() && value.canConvertToLong()) {
        values.put(name, value.longValue());
      } else if (value.isNumber()) {
        values.put(name, value.doubleValue());
      } else if (value.isBoolean()) {
        values.put(name, value.booleanValue());
      } else if (value.isTextual()) {
        values.put(name, value.asText());
      } else {
        throw new IllegalArgumentException(
            path(path, name) + " must be a number, true/false or text" + got(value));
      }
    }
    return Config.of(values);
  }

  /** Writes {@code type} and then every setting of {@code config} into {@code node}. */
  public static ObjectNode put(ObjectNode node, String type, Config config) {
    node.put("type", type);
    config
        .values()
        .forEach(
            (name, value) -> {
              if (value instanceof Long whole) {
                node.put(name, whole);
              } else if (value instanceof Double number) {
                putNumber(node, name, number);
              } else if (value instanceof Boolean bool) {
                node.put(name, bool);
              } else {
                node.put(name, (String) value);
              }
            });
    return node;
  }

  /** A number, or null for NaN (JSON has no NaN); an infinity cannot be written. */
  public static void putNumber(ObjectNode node, String name, double value) {
    if (Double.isNaN(value)) {
      node.putNull(name);
    } else if (Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " is " + value + ", which JSON cannot hold");
    } else {
      node.put(name, value);
    }
  }

  static String path(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private static String got(JsonNode node) {
    return node == null ? ", but it is missing" : ", got " + node;
  }
}
