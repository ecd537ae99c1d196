package dev.nabla.checkpoint;

import dev.nabla.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named numbers and named tensors: the state of a training run after a whole epoch.
 *
 * @param scalars by name, e.g. {@code epoch}, {@code steps}
 * @param tensors by name, e.g. {@code parameters.layers.0.weights}
 * @param metadata text the program that trains keeps with the state, such as the run's recipe and
 *     the SHA-256 of its data, so that a resume can check it continues the same run
 */
public record Checkpoint(
    Map<String, Double> scalars, Map<String, Tensor> tensors, Map<String, String> metadata) {
  public Checkpoint {
    scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** A checkpoint without metadata. */
  public Checkpoint(Map<String, Double> scalars, Map<String, Tensor> tensors) {
    this(scalars, tensors, Map.of());
  }

  /** The same state with {@code more} metadata added (replacing entries of the same name). */
  public Checkpoint withMetadata(Map<String, String> more) {
    Map<String, String> merged = new LinkedHashMap<>(metadata);
    merged.putAll(more);
    return new Checkpoint(scalars, tensors, merged);
  }

  /**
   * The scalar with that name.
   *
   * @throws IllegalArgumentException if the checkpoint has none
   */
  public double scalar(String name) {
    Double value = scalars.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the checkpoint has no value '" + name + "'");
    }
    return value;
  }

  /** The tensors whose names start with {@code prefix}, the prefix removed. */
  public Map<String, Tensor> tensorsUnder(String prefix) {
    Map<String, Tensor> found = new LinkedHashMap<>();
    tensors.forEach(
        (name, tensor) -> {
          if (name.startsWith(prefix)) {
            found.put(name.substring(prefix.length()), tensor);
          }
        });
    return found;
  }

  /** The scalars whose names start with {@code prefix}, the prefix removed. */
  public Map<String, Double> scalarsUnder(String prefix) {
    Map<String, Double> found = new LinkedHashMap<>();
    scalars.forEach(
        (name, value) -> {
          if (name.startsWith(prefix)) {
            found.put(name.substring(prefix.length()), value);
          }
        });
    return found;
  }
}
