package dev.nabla.network;

import dev.nabla.layers.Layer;
import dev.nabla.layers.LayerSpec;
import dev.nabla.layers.TensorSpec;
import dev.nabla.tensor.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A network's structure as a value: its input width, precision and layers described by {@link
 * LayerSpec}s. It is what model files and recipes hold; every layer's settings and widths are
 * checked, and every tensor listed, before anything is allocated.
 */
public record Architecture(int inputSize, DType dtype, List<LayerSpec> layers) {
  /**
   * @throws IllegalArgumentException naming the layer and setting at fault, or the widths that do
   *     not fit
   */
  public Architecture {
    if (inputSize < 1) {
      throw new IllegalArgumentException("a network needs at least 1 input, got " + inputSize);
    }
    Objects.requireNonNull(dtype, "dtype");
    layers = List.copyOf(layers);
    widths(inputSize, layers);
  }

  /** The architecture of a built network. */
  public static Architecture of(Network network) {
    List<LayerSpec> specs = new ArrayList<>();
    for (Layer layer : network.layers()) {
      specs.add(layer.spec());
    }
    return new Architecture(network.inputSize(), network.dtype(), specs);
  }

  /** The width of the network's output. */
  public int outputSize() {
    int[] widths = widths(inputSize, layers);
    return widths[widths.length - 1];
  }

  /**
   * Every parameter and buffer the network holds, by dotted name ({@link ParameterName}), in layer
   * order — known without building it.
   */
  public Map<String, TensorSpec> tensors() {
    int[] widths = widths(inputSize, layers);
    Map<String, TensorSpec> tensors = new LinkedHashMap<>();
    for (int index = 0; index < layers.size(); index++) {
      LayerSpec spec = layers.get(index);
      Map<String, TensorSpec> own;
      try {
        own = spec.layerType().tensors(spec.config(), widths[index], dtype);
      } catch (IllegalArgumentException e) {
        throw atLayer(index, spec, e);
      }
      for (Map.Entry<String, TensorSpec> entry : own.entrySet()) {
        tensors.put(ParameterName.text(index, entry.getKey()), entry.getValue());
      }
    }
    return tensors;
  }

  /** The network, its initial values drawn from {@code seed} as {@link NetworkBuilder} draws. */
  public Network build(long seed) {
    NetworkBuilder builder = Network.builder(inputSize).dtype(dtype).seed(seed);
    for (LayerSpec spec : layers) {
      builder.layer(spec);
    }
    return builder.build();
  }

  /** {@code widths[i]} is layer i's input width, the last the output width. */
  private static int[] widths(int inputSize, List<LayerSpec> layers) {
    int[] widths = new int[layers.size() + 1];
    widths[0] = inputSize;
    for (int index = 0; index < layers.size(); index++) {
      LayerSpec spec = layers.get(index);
      try {
        widths[index + 1] = spec.layerType().outputSize(spec.config(), widths[index]);
      } catch (IllegalArgumentException e) {
        throw atLayer(index, spec, e);
      }
    }
    return widths;
  }

  static IllegalArgumentException atLayer(int index, LayerSpec spec, IllegalArgumentException e) {
    return new IllegalArgumentException(
        "layer " + index + " (" + spec.type() + "): " + e.getMessage(), e);
  }
}
