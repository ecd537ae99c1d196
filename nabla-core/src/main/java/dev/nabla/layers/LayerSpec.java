package dev.nabla.layers;

import dev.nabla.config.Config;
import java.util.Objects;

/**
 * A layer described, not built: a registered type name and its settings, e.g. {@code dense} with
 * {@code units=64}. The input width is not part of it: it comes from the layer before.
 */
public record LayerSpec(String type, Config config) {
  public LayerSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(config, "config");
  }

  /** {@code LayerSpec.of("dense", "units", 64)}. */
  public static LayerSpec of(String type, Object... namesAndValues) {
    return new LayerSpec(type, Config.of(namesAndValues));
  }

  /** The registered type this spec names. */
  public LayerType layerType() {
    return LayerTypes.get(type);
  }

  /** {@code dense(units=64, bias=true)}. */
  @Override
  public String toString() {
    return config.isEmpty() ? type : type + "(" + config + ")";
  }
}
