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
 */
public record Checkpoint(Map<String, Double> scalars, Map<String, Tensor> tensors) {
  public Checkpoint {
    scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
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
