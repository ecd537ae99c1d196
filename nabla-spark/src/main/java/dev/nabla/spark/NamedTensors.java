package dev.nabla.spark;

import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tensors by name as plain arrays, the form in which weights, gradients and optimizer state travel
 * between the driver and the tasks (a {@link Tensor} is not serializable).
 */
final class NamedTensors implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] names;
  private final int[][] shapes;
  private final double[][] values;
  private final DType[] dtypes;

  private NamedTensors(String[] names, int[][] shapes, double[][] values, DType[] dtypes) {
    this.names = names;
    this.shapes = shapes;
    this.values = values;
    this.dtypes = dtypes;
  }

  /** The tensors, copied, in the map's order. */
  static NamedTensors of(Map<String, Tensor> tensors) {
    int count = tensors.size();
    String[] names = new String[count];
    int[][] shapes = new int[count][];
    double[][] values = new double[count][];
    DType[] dtypes = new DType[count];
    int at = 0;
    for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
      names[at] = entry.getKey();
      shapes[at] = dimensions(entry.getValue().shape());
      values[at] = entry.getValue().toDoubleArray();
      dtypes[at] = entry.getValue().dtype();
      at++;
    }
    return new NamedTensors(names, shapes, values, dtypes);
  }

  private static int[] dimensions(Shape shape) {
    int[] dimensions = new int[shape.rank()];
    for (int axis = 0; axis < dimensions.length; axis++) {
      dimensions[axis] = shape.dimension(axis);
    }
    return dimensions;
  }

  /** The network's parameters and buffers, as {@code parameters.NAME} and {@code buffers.NAME}. */
  static NamedTensors ofNetwork(Network network) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    network.parameters().forEach((name, p) -> tensors.put("parameters." + name, p.value()));
    network.buffers().forEach((name, b) -> tensors.put("buffers." + name, b));
    return of(tensors);
  }

  /** Sets the network's parameters and buffers from {@link #ofNetwork}'s form. */
  void loadInto(Network network) {
    for (int at = 0; at < names.length; at++) {
      String name = names[at];
      if (name.startsWith("parameters.")) {
        network.setParameter(name.substring(11), tensor(at, network.dtype()));
      } else if (name.startsWith("buffers.")) {
        network.buffers().get(name.substring(8)).copyFrom(tensor(at, network.dtype()));
      }
    }
  }

  /** The tensors as a map, new, each in its own dtype. */
  Map<String, Tensor> toMap() {
    Map<String, Tensor> map = new LinkedHashMap<>();
    for (int at = 0; at < names.length; at++) {
      map.put(names[at], tensor(at, dtypes[at]));
    }
    return map;
  }

  List<String> names() {
    return List.of(names);
  }

  /** How many bytes the values take, 8 per element: what one of these costs to send. */
  long bytes() {
    long total = 0;
    for (double[] array : values) {
      total += 8L * array.length;
    }
    return total;
  }

  private Tensor tensor(int at, DType dtype) {
    return Tensor.fromFlat(dtype, Shape.of(shapes[at]), values[at]);
  }
}
