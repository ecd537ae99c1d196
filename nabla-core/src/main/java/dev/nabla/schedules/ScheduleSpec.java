package dev.nabla.schedules;

import dev.nabla.config.Config;
import dev.nabla.config.Suggestions;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A learning-rate schedule described, not built: its type and settings, plus {@code warmup} epochs
 * of linear warm-up before it (0 for none), which every type takes.
 *
 * <ul>
 *   <li>{@code constant};
 *   <li>{@code step}: {@code every} epochs, multiply by {@code gamma};
 *   <li>{@code exponential}: {@code gamma};
 *   <li>{@code cosine}: down to {@code minimumRate} (default 0) over {@code epochs} (default: the
 *       run's epochs after the warm-up);
 *   <li>{@code plateau}: {@code factor}, {@code patience}, {@code threshold}, {@code cooldown},
 *       {@code minimumRate}, {@code maximize}, PyTorch's defaults.
 * </ul>
 */
public record ScheduleSpec(String type, Config config) {
  /** The types {@link #create} builds. */
  public static final List<String> TYPES =
      List.of("constant", "step", "exponential", "cosine", "plateau");

  /**
   * @throws IllegalArgumentException naming an unknown type or setting
   */
  public ScheduleSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(config, "config");
    type = type.toLowerCase(Locale.ROOT);
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "unknown schedule '"
              + type
              + "'"
              + Suggestions.didYouMean(type, TYPES)
              + "; the schedules are "
              + String.join(", ", TYPES));
    }
    try {
      config.requireOnly(settings(type));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("schedule " + type + ": " + e.getMessage(), e);
    }
  }

  /** The constant rate, no warm-up. */
  public static ScheduleSpec constant() {
    return new ScheduleSpec("constant", Config.empty());
  }

  public static ScheduleSpec of(String type, Object... namesAndValues) {
    return new ScheduleSpec(type, Config.of(namesAndValues));
  }

  /** The settings a type reads. */
  public static List<String> settings(String type) {
    return switch (type) {
      case "step" -> List.of("warmup", "every", "gamma");
      case "exponential" -> List.of("warmup", "gamma");
      case "cosine" -> List.of("warmup", "epochs", "minimumRate");
      case "plateau" ->
          List.of(
              "warmup", "factor", "patience", "threshold", "cooldown", "minimumRate", "maximize");
      default -> List.of("warmup");
    };
  }

  /** Epochs of linear warm-up before the schedule. */
  public int warmup() {
    return config.integer("warmup", 0, 0);
  }

  /** A copy with one setting changed. */
  public ScheduleSpec with(String name, Object value) {
    return new ScheduleSpec(type, config.with(name, value));
  }

  /**
   * A new schedule with no state, for a run of {@code epochs} epochs.
   *
   * @throws IllegalArgumentException naming the setting whose value is out of range
   */
  public LearningRateSchedule create(int epochs) {
    try {
      int warmup = warmup();
      LearningRateSchedule base = base(Math.max(1, epochs - warmup));
      return warmup > 0 ? Schedules.warmup(warmup, base) : base;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("schedule " + type + ": " + e.getMessage(), e);
    }
  }

  private LearningRateSchedule base(int epochsAfterWarmup) {
    return switch (type) {
      case "step" -> Schedules.step(config.integer("every", 1), config.number("gamma"));
      case "exponential" -> Schedules.exponential(config.number("gamma"));
      case "cosine" ->
          Schedules.cosine(
              config.integer("epochs", 1, epochsAfterWarmup), config.number("minimumRate", 0));
      case "plateau" -> {
        ReduceOnPlateau.Builder plateau = ReduceOnPlateau.builder();
        if (config.bool("maximize", false)) {
          plateau.maximize();
        }
        if (config.has("factor")) {
          plateau.factor(config.number("factor"));
        }
        if (config.has("patience")) {
          plateau.patience(config.integer("patience", 0));
        }
        if (config.has("threshold")) {
          plateau.threshold(config.number("threshold"));
        }
        if (config.has("cooldown")) {
          plateau.cooldown(config.integer("cooldown", 0));
        }
        if (config.has("minimumRate")) {
          plateau.minimumRate(config.number("minimumRate"));
        }
        yield plateau.build();
      }
      default -> Schedules.constant();
    };
  }

  /**
   * The schedule a command line names: {@code constant}, {@code step:EVERY:GAMMA}, {@code
   * exponential:GAMMA}, {@code cosine} or {@code plateau}, with {@code warmup} epochs before it.
   *
   * @throws IllegalArgumentException naming the text and the forms it may take
   */
  public static ScheduleSpec parse(String text, int warmup) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
    ScheduleSpec spec;
    try {
      spec =
          switch (parts[0]) {
            case "constant", "cosine", "plateau" -> {
              requireParts(parts, 1);
              yield new ScheduleSpec(parts[0], Config.empty());
            }
            case "step" -> {
              requireParts(parts, 3);
              yield of("step", "every", whole(parts[1]), "gamma", number(parts[2]));
            }
            case "exponential" -> {
              requireParts(parts, 2);
              yield of("exponential", "gamma", number(parts[1]));
            }
            default ->
                throw new IllegalArgumentException(
                    "unknown schedule '"
                        + parts[0]
                        + "'"
                        + Suggestions.didYouMean(parts[0], TYPES));
          };
      if (warmup != 0) {
        spec = spec.with("warmup", warmup);
      }
      spec.create(Math.max(warmup + 1, 2));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot read the schedule '"
              + text
              + "': "
              + e.getMessage()
              + "; expected constant, step:EVERY:GAMMA, exponential:GAMMA, cosine or plateau",
          e);
    }
    return spec;
  }

  private static int whole(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a whole number", e);
    }
  }

  private static double number(String text) {
    if (!text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
      throw new IllegalArgumentException("'" + text + "' is not a number");
    }
    return Double.parseDouble(text);
  }

  private static void requireParts(String[] parts, int count) {
    if (parts.length != count) {
      throw new IllegalArgumentException(
          parts[0] + " takes " + (count - 1) + " number" + (count == 2 ? "" : "s") + " after ':'");
    }
  }

  /** {@code step(every=5, gamma=0.5)}. */
  @Override
  public String toString() {
    return config.isEmpty() ? type : type + "(" + config + ")";
  }
}
