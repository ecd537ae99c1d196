package dev.nabla.tracing;

import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Every value of one forward and backward pass. All tensors are copies, independent of the network.
 *
 * @param input the batch
 * @param layers what each layer computed, in order
 * @param loss the loss value
 * @param inputGradient {@code ∂L/∂input}
 * @param parameterGradients {@code ∂L/∂θ} of this pass alone, by dotted parameter name
 */
public record Trace(
    Tensor input,
    List<LayerTrace> layers,
    double loss,
    Tensor inputGradient,
    Map<String, Tensor> parameterGradients) {

  /** The output of the last layer: the network's prediction. */
  public Tensor prediction() {
    return layers.isEmpty() ? input : layers.get(layers.size() - 1).output();
  }
}
