package dev.nabla.layers;

import dev.nabla.config.Suggestions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The registry of layer types by name. The built-in ones ({@code dense}, {@code activation}, {@code
 * dropout}, {@code batchNorm}) are registered here; a program adds its own with {@link #register}.
 * There is no class-path scanning or service loading: files name a registered type, never a class.
 */
public final class LayerTypes {
  private static final Map<String, LayerType> TYPES =
      Collections.synchronizedMap(new LinkedHashMap<>());

  static {
    register(Dense.TYPE);
    register(ActivationLayer.TYPE);
    register(Dropout.TYPE);
    register(BatchNorm.TYPE);
  }

  private LayerTypes() {}

  /**
   * Registers a layer type under its name.
   *
   * @throws IllegalArgumentException if another type has that name
   */
  public static void register(LayerType type) {
    Objects.requireNonNull(type, "type");
    LayerType previous = TYPES.putIfAbsent(type.name(), type);
    if (previous != null && previous != type) {
      throw new IllegalArgumentException(
          "a layer type named '" + type.name() + "' is already registered");
    }
  }

  /**
   * The type registered under {@code name}.
   *
   * @throws IllegalArgumentException naming it and listing the registered names
   */
  public static LayerType get(String name) {
    LayerType type = TYPES.get(name);
    if (type == null) {
      throw new IllegalArgumentException(
          "unknown layer type '"
              + name
              + "'"
              + Suggestions.didYouMean(name, names())
              + "; the layer types are "
              + String.join(", ", names()));
    }
    return type;
  }

  /** The registered names, in registration order. */
  public static Set<String> names() {
    synchronized (TYPES) {
      return Collections.unmodifiableSet(new LinkedHashSet<>(TYPES.keySet()));
    }
  }
}
