package dev.nabla.tracing;

import dev.nabla.layers.Layer;
import dev.nabla.layers.Parameter;
import dev.nabla.losses.Loss;
import dev.nabla.network.Network;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs one traced forward and backward pass. */
public final class Tracer {
  private Tracer() {}

  /**
   * Runs forward, the loss, and backward on a batch, recording every layer's output and output
   * gradient. The network's gradients are zeroed first and hold this pass's gradients afterwards;
   * its parameter values are not changed.
   */
  public static Trace trace(Network network, Loss loss, Tensor input, Tensor target) {
    network.checkInput(input);
    network.zeroGradients();
    List<Layer> layers = network.layers();
    List<Tensor> outputs = new ArrayList<>();
    Tensor activation = input;
    for (Layer layer : layers) {
      activation = layer.forward(activation);
      outputs.add(activation);
    }
    double lossValue = loss.value(activation, target);
    Tensor gradient = loss.gradient(activation, target);
    Tensor[] outputGradients = new Tensor[layers.size()];
    for (int index = layers.size() - 1; index >= 0; index--) {
      outputGradients[index] = gradient;
      gradient = layers.get(index).backward(gradient);
    }
    List<LayerTrace> traces = new ArrayList<>();
    for (int index = 0; index < layers.size(); index++) {
      traces.add(
          new LayerTrace(
              index,
              layers.get(index).toString(),
              outputs.get(index).copy(),
              outputGradients[index].copy()));
    }
    Map<String, Tensor> gradients = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> entry : network.parameters().entrySet()) {
      gradients.put(entry.getKey(), entry.getValue().gradient().copy());
    }
    return new Trace(
        input.copy(),
        Collections.unmodifiableList(traces),
        lossValue,
        gradient,
        Collections.unmodifiableMap(gradients));
  }
}
