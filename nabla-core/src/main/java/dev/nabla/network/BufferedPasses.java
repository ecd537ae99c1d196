package dev.nabla.network;

import dev.nabla.layers.DenseActivation;
import dev.nabla.layers.Layer;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * A network's training passes into buffers allocated once per batch size, so that a training step
 * allocates nothing: the forward pass writes each layer's output, the backward pass each {@code
 * ∂L/∂(layer i's input)}. A dense layer followed by an element-wise activation runs as one {@link
 * DenseActivation} step. Not thread-safe: the buffers belong to the last forward pass.
 */
final class BufferedPasses {
  private final List<Layer> layers;
  private final DType dtype;

  /** {@code widths[i]} is layer i's input width; {@code widths[layers]} is the output width. */
  private final int[] widths;

  /**
   * {@code fused[i]}: layers i and i+1 are a dense layer and an element-wise activation, run as one
   * step by {@link DenseActivation} in the buffered passes.
   */
  private final boolean[] fused;

  /** The first layer with parameters: backward need not go below it. */
  private final int firstTrainable;

  private Shape lastOutput;

  /** Buffers of the last forward pass, and of the one before for another batch size. */
  private Workspace workspace;

  private Workspace previousWorkspace;

  BufferedPasses(List<Layer> layers, int[] widths, boolean[] fused, DType dtype) {
    this.layers = layers;
    this.widths = widths;
    this.fused = fused;
    this.dtype = dtype;
    int trainable = 0;
    while (trainable < layers.size() && layers.get(trainable).parameters().isEmpty()) {
      trainable++;
    }
    this.firstTrainable = trainable;
  }

  /** {@code fused[i]}: layers i and i+1 run as one {@link DenseActivation} step. */
  static boolean[] fusedPairs(List<Layer> layers) {
    boolean[] fused = new boolean[layers.size()];
    for (int index = 0; index + 1 < layers.size(); index++) {
      fused[index] = DenseActivation.fuses(layers.get(index), layers.get(index + 1));
    }
    return fused;
  }

  /**
   * The forward pass of a batch already checked, into this batch size's buffers; the result is
   * valid until the next forward pass. The input is kept, not copied, for the backward pass.
   */
  Tensor forward(Tensor input) {
    Workspace buffers = workspace(input.rows());
    Tensor activation = input;
    for (int index = 0; index < layers.size(); index++) {
      if (fused[index]) {
        DenseActivation.forward(
            layers.get(index),
            layers.get(index + 1),
            activation,
            buffers.outputs[index],
            buffers.outputs[index + 1]);
        index++;
      } else {
        layers.get(index).forward(activation, buffers.outputs[index]);
      }
      activation = buffers.outputs[index];
    }
    lastOutput = activation.shape();
    return activation;
  }

  /** Backpropagates through every layer; returns {@code ∂L/∂input}, new. */
  Tensor backward(Tensor outputGradient) {
    Tensor gradient = backwardTo(1, outputGradient);
    if (layers.isEmpty()) {
      return gradient.copy();
    }
    Tensor inputGradient = Tensor.zeros(dtype, gradient.rows(), widths[0]);
    layers.get(0).backward(gradient, inputGradient);
    return inputGradient;
  }

  /** Backpropagates down to the first layer with parameters, computing no input gradient there. */
  void backwardParameters(Tensor outputGradient) {
    Tensor gradient = backwardTo(firstTrainable + 1, outputGradient);
    if (firstTrainable < layers.size()) {
      layers.get(firstTrainable).backward(gradient, null);
    }
  }

  /** Backpropagates through layers {@code layers-1 … stop}; returns ∂L/∂(layer stop−1's output). */
  private Tensor backwardTo(int stop, Tensor outputGradient) {
    if (lastOutput == null) {
      throw new IllegalStateException("backward() called before forward(); run forward first");
    }
    if (!outputGradient.shape().equals(lastOutput)) {
      throw ShapeException.expected(
          "network backward", "∂L/∂output of shape " + lastOutput, outputGradient.shape());
    }
    Tensor gradient = outputGradient;
    for (int index = layers.size() - 1; index >= stop; index--) {
      Tensor inputGradient = workspace.inputGradients[index];
      layers.get(index).backward(gradient, inputGradient);
      gradient = inputGradient;
    }
    return gradient;
  }

  private Workspace workspace(int rows) {
    if (workspace == null || workspace.rows != rows) {
      Workspace other = previousWorkspace;
      previousWorkspace = workspace;
      workspace = other != null && other.rows == rows ? other : new Workspace(rows, widths);
    }
    return workspace;
  }

  /**
   * The buffers of a forward and backward pass for one batch size: {@code outputs[i]} is layer i's
   * output and {@code inputGradients[i]} is ∂L/∂(layer i's input), for i ≥ 1: nothing needs the
   * data's own gradient in a training step.
   */
  private final class Workspace {
    final int rows;
    final Tensor[] outputs;
    final Tensor[] inputGradients;

    Workspace(int rows, int[] widths) {
      this.rows = rows;
      int count = widths.length - 1;
      outputs = new Tensor[count];
      inputGradients = new Tensor[count];
      for (int index = 0; index < count; index++) {
        outputs[index] = Tensor.zeros(dtype, rows, widths[index + 1]);
        if (index > 0) {
          inputGradients[index] = Tensor.zeros(dtype, rows, widths[index]);
        }
      }
    }
  }
}
