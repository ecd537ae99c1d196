package dev.nabla.playground;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the page lets one choose, as text: one {@code name=value} per line, the same pairs the
 * page keeps in its URL, so a link reproduces the setup. Unknown names and values that cannot be
 * read are refused with the name at fault; names left out take their defaults, and a data set of
 * the seed notebooks brings its notebook's network and training ({@link #preset}).
 */
final class Setup {
  /** The names, in the order the text lists them, with their defaults. */
  private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("data", "circles");
    DEFAULTS.put("points", "400");
    DEFAULTS.put("noise", "0.1");
    DEFAULTS.put("test", "0.2");
    DEFAULTS.put("layers", "8:relu,8:relu");
    DEFAULTS.put("output", "auto");
    DEFAULTS.put("loss", "auto");
    DEFAULTS.put("optimizer", "adam");
    DEFAULTS.put("lr", "0.01");
    DEFAULTS.put("batch", "16");
    DEFAULTS.put("init", "glorot_uniform");
    DEFAULTS.put("seed", "1");
    DEFAULTS.put("dtype", "float32");
  }

  /** The data sets, the seed notebooks' first. */
  static final List<String> DATA =
      List.of(
          "seed000",
          "seed001",
          "seed002",
          "addition",
          "xor4",
          "circles",
          "moons",
          "spirals",
          "xor",
          "blobs",
          "csv");

  /** The optimizers the page offers (all of core's). */
  static final List<String> OPTIMIZERS = List.of("sgd", "adam", "adamw", "rmsprop", "adagrad");

  /** Most points a generator draws, so the page stays quick. */
  static final int MAX_POINTS = 5000;

  private final Map<String, String> values;

  private Setup(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Reads {@code name=value} lines; blank lines are skipped.
   *
   * @throws IllegalArgumentException naming the line or value at fault
   */
  static Setup parse(String text) {
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    String[] lines = text == null ? new String[0] : text.split("\n");
    // The data set first: its preset is the base the other lines change.
    for (String line : lines) {
      String trimmed = line.trim();
      if (trimmed.startsWith("data=")) {
        String data = trimmed.substring(5).trim();
        if (!DATA.contains(data)) {
          throw new IllegalArgumentException(
              "data: unknown data set '" + data + "'; the data sets are " + DATA);
        }
        values.putAll(preset(data));
      }
    }
    for (String line : lines) {
      String trimmed = line.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int equals = trimmed.indexOf('=');
      if (equals < 1) {
        throw new IllegalArgumentException(
            "setup: '" + trimmed + "' is no name=value pair; the names are " + DEFAULTS.keySet());
      }
      String name = trimmed.substring(0, equals).trim();
      if (!DEFAULTS.containsKey(name)) {
        throw new IllegalArgumentException(
            "setup: unknown name '" + name + "'; the names are " + DEFAULTS.keySet());
      }
      values.put(name, trimmed.substring(equals + 1).trim());
    }
    Setup setup = new Setup(values);
    setup.check();
    return setup;
  }

  /** Every setting but the data set: the notebook's for a seed's data set, else the defaults. */
  static Map<String, String> preset(String data) {
    // Every name: the defaults, then what the data set changes.
    Map<String, String> preset = new LinkedHashMap<>(DEFAULTS);
    preset.remove("data");
    switch (data) {
      case "seed000" -> {
        // 1-2-2-1 ReLU, ½(y − ŷ)², the notebook's hand-set weights, x ∈ [0, 2].
        put(preset, "layers", "2:relu,2:relu", "output", "linear", "loss", "half_squared_error");
        put(preset, "optimizer", "sgd", "lr", "0.01", "batch", "0", "init", "notebook");
        put(preset, "test", "0", "dtype", "float64", "points", "21", "noise", "0");
      }
      case "seed001" -> {
        // 2-5-1 ReLU on 10·x₀·x₁ + noise, full batch.
        put(preset, "layers", "5:relu", "output", "linear", "loss", "mse", "optimizer", "sgd");
        put(preset, "lr", "0.05", "batch", "0", "init", "uniform(0, 1)", "points", "1000");
        put(preset, "test", "0.2", "noise", "0.15", "dtype", "float32");
      }
      case "seed002" -> {
        // 3-3-3-3 with a softmax, the notebook's weights and a bias of 0.3, one sample.
        put(preset, "layers", "3:relu,3:relu", "output", "softmax");
        put(preset, "loss", "categorical_cross_entropy", "optimizer", "sgd", "lr", "0.01");
        put(preset, "batch", "0", "init", "notebook", "test", "0", "dtype", "float64");
        put(preset, "points", "1", "noise", "0");
      }
      case "addition", "xor4" -> {
        // 2-3-3-2-1 with z for z > 0 and −0.2·z otherwise, per-sample SGD.
        String folded = "leaky_relu(-0.2)";
        put(preset, "layers", "3:" + folded + ",3:" + folded + ",2:" + folded);
        put(preset, "output", folded, "loss", "half_squared_error", "optimizer", "sgd");
        put(preset, "lr", data.equals("xor4") ? "0.2" : "0.01", "batch", "1", "test", "0");
        put(preset, "init", "glorot_uniform", "seed", "0", "dtype", "float32", "noise", "0");
        put(preset, "points", data.equals("xor4") ? "4" : "200");
      }
      default -> {
        // The generators and a CSV take the defaults.
      }
    }
    return preset;
  }

  private static void put(Map<String, String> map, String... namesAndValues) {
    for (int at = 0; at < namesAndValues.length; at += 2) {
      map.put(namesAndValues[at], namesAndValues[at + 1]);
    }
  }

  private void check() {
    if (!DATA.contains(text("data"))) {
      throw new IllegalArgumentException(
          "data: unknown data set '" + text("data") + "'; the data sets are " + DATA);
    }
    int points = integer("points", 1);
    if (points > MAX_POINTS) {
      throw new IllegalArgumentException(
          "points: " + points + " is more than the page draws (" + MAX_POINTS + ")");
    }
    double noise = number("noise");
    if (noise < 0 || noise > 1) {
      throw new IllegalArgumentException("noise: " + noise + " is not within [0, 1]");
    }
    double test = number("test");
    if (test < 0 || test >= 1) {
      throw new IllegalArgumentException("test: the test fraction " + test + " is not in [0, 1)");
    }
    if (!OPTIMIZERS.contains(text("optimizer"))) {
      throw new IllegalArgumentException(
          "optimizer: unknown optimizer '"
              + text("optimizer")
              + "'; the optimizers are "
              + OPTIMIZERS);
    }
    double lr = number("lr");
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("lr: the learning rate must be > 0, got " + lr);
    }
    integer("batch", 0);
    whole("seed");
    if (!text("dtype").equals("float32") && !text("dtype").equals("float64")) {
      throw new IllegalArgumentException("dtype: float32 or float64, got '" + text("dtype") + "'");
    }
  }

  /** The value of {@code name}. */
  String text(String name) {
    return values.get(name);
  }

  /** The value of {@code name} as a number. */
  double number(String name) {
    try {
      return Double.parseDouble(text(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + text(name) + "' is not a number");
    }
  }

  /** The value of {@code name} as a whole number of at least {@code minimum}. */
  int integer(String name, int minimum) {
    long value = whole(name);
    if (value < minimum || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          name + ": " + value + " is out of range (at least " + minimum + ")");
    }
    return (int) value;
  }

  /** The value of {@code name} as a long. */
  long whole(String name) {
    try {
      return Long.parseLong(text(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + text(name) + "' is not a whole number");
    }
  }

  /** Every value, defaults included, as {@code name=value} lines. */
  String toText() {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      text.append(entry.getKey()).append('=').append(entry.getValue()).append('\n');
    }
    return text.toString();
  }
}
