package dev.nabla.network;

import dev.nabla.layers.ActivationLayer;
import dev.nabla.layers.DenseActivation;
import dev.nabla.layers.Layer;
import dev.nabla.layers.Parameter;
import dev.nabla.regularization.MaxNorm;
import dev.nabla.regularization.Penalty;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.MatrixBackends;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A feed-forward network: layers applied in order, {@code [samples × inputSize] → [samples ×
 * outputSize]}.
 *
 * <p>Build one with {@link #builder(int)}. Parameters are named {@code layers.<index>.<name>} after
 * their layer's position, e.g. {@code layers.0.weights}; names never change for a network's life. A
 * training step reads: {@link #zeroGradients()}, {@link #forward}, the loss and its gradient,
 * {@link #backward}, then an optimizer step.
 */
public final class Network {
  private final int inputSize;
  private final List<Layer> layers;
  private final int outputSize;
  private final DType dtype;
  private final Map<String, Parameter> parameters;

  /** The parameters in order, for loops that must not allocate an iterator. */
  private final List<Parameter> parameterList;

  private final Map<String, Tensor> buffers;
  private final Map<String, Penalty> penalties;
  private final Map<String, MaxNorm> constraints;

  /** {@code widths[i]} is layer i's input width; {@code widths[layers]} is the output width. */
  private final int[] widths;

  /** The first layer with parameters: backward need not go below it. */
  private final int firstTrainable;

  /**
   * {@code fused[i]}: layers i and i+1 are a dense layer and an element-wise activation, run as one
   * step by {@link DenseActivation} in the buffered passes.
   */
  private final boolean[] fused;

  /** The widest output of a layer before the last (at least 1), which bounds predict's blocks. */
  private final int widestHidden;

  private boolean training;
  private Shape lastOutput;

  /** Buffers of the last forward pass, and of the one before for another batch size. */
  private Workspace workspace;

  private Workspace previousWorkspace;

  Network(int inputSize, List<Layer> layers, DType dtype) {
    this(inputSize, layers, dtype, Map.of(), Map.of());
  }

  Network(
      int inputSize,
      List<Layer> layers,
      DType dtype,
      Map<String, Penalty> penalties,
      Map<String, MaxNorm> constraints) {
    this.inputSize = inputSize;
    this.layers = List.copyOf(layers);
    this.dtype = dtype;
    int width = inputSize;
    this.widths = new int[this.layers.size() + 1];
    widths[0] = inputSize;
    this.fused = new boolean[this.layers.size()];
    for (int index = 0; index + 1 < this.layers.size(); index++) {
      fused[index] = DenseActivation.fuses(this.layers.get(index), this.layers.get(index + 1));
    }
    int trainable = this.layers.size();
    Map<String, Parameter> named = new LinkedHashMap<>();
    Map<String, Tensor> namedBuffers = new LinkedHashMap<>();
    for (int index = 0; index < this.layers.size(); index++) {
      Layer layer = this.layers.get(index);
      width = layer.outputSize(width);
      widths[index + 1] = width;
      if (trainable == this.layers.size() && !layer.parameters().isEmpty()) {
        trainable = index;
      }
      for (Map.Entry<String, Parameter> entry : layer.parameters().entrySet()) {
        if (entry.getValue().dtype() != dtype) {
          throw new IllegalArgumentException(
              "layer "
                  + index
                  + " ("
                  + layer
                  + ") holds "
                  + entry.getValue().dtype()
                  + " parameters in a "
                  + dtype
                  + " network");
        }
        named.put("layers." + index + "." + entry.getKey(), entry.getValue());
      }
      for (Map.Entry<String, Tensor> entry : layer.buffers().entrySet()) {
        namedBuffers.put("layers." + index + "." + entry.getKey(), entry.getValue());
      }
    }
    this.outputSize = width;
    this.firstTrainable = trainable;
    int widest = 1;
    for (int index = 1; index < this.layers.size(); index++) {
      widest = Math.max(widest, widths[index]);
    }
    this.widestHidden = widest;
    this.parameters = Collections.unmodifiableMap(named);
    this.parameterList = List.copyOf(named.values());
    this.buffers = Collections.unmodifiableMap(namedBuffers);
    for (String name : penalties.keySet()) {
      parameter(name);
    }
    for (String name : constraints.keySet()) {
      parameter(name);
    }
    this.penalties = Map.copyOf(penalties);
    this.constraints = Map.copyOf(constraints);
    setTraining(false);
  }

  /** A builder for a network taking {@code inputSize} features per sample. */
  public static NetworkBuilder builder(int inputSize) {
    return new NetworkBuilder(inputSize);
  }

  public int inputSize() {
    return inputSize;
  }

  public int outputSize() {
    return outputSize;
  }

  public DType dtype() {
    return dtype;
  }

  /** The layers in order, unmodifiable. */
  public List<Layer> layers() {
    return layers;
  }

  /** Every parameter by dotted name, in layer order, unmodifiable; values wrapped, not copied. */
  public Map<String, Parameter> parameters() {
    return parameters;
  }

  /**
   * Every buffer (non-trainable state such as running statistics) by dotted name, unmodifiable;
   * wrapped, not copied.
   */
  public Map<String, Tensor> buffers() {
    return buffers;
  }

  /** The weight penalty of each penalised parameter, by dotted name. */
  public Map<String, Penalty> penalties() {
    return penalties;
  }

  /** The max-norm constraint of each constrained parameter, by dotted name. */
  public Map<String, MaxNorm> constraints() {
    return constraints;
  }

  /** {@code Σ R(W)} over the penalised parameters: what regularisation adds to the loss. */
  public double penalty() {
    double total = 0;
    if (penalties.isEmpty()) {
      return total; // without walking the map, which would allocate an iterator every step
    }
    for (Map.Entry<String, Penalty> entry : penalties.entrySet()) {
      total += entry.getValue().value(parameters.get(entry.getKey()).value());
    }
    return total;
  }

  /** Adds each penalty's gradient to its parameter's gradient; a training step calls it. */
  public void addPenaltyGradients() {
    if (penalties.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Penalty> entry : penalties.entrySet()) {
      Parameter parameter = parameters.get(entry.getKey());
      entry.getValue().addGradient(parameter.value(), parameter.gradient());
    }
  }

  /** Applies every max-norm constraint; a training step calls it after the optimizer's step. */
  public void applyConstraints() {
    if (constraints.isEmpty()) {
      return;
    }
    for (Map.Entry<String, MaxNorm> entry : constraints.entrySet()) {
      entry.getValue().apply(parameters.get(entry.getKey()).value());
    }
  }

  /**
   * Switches every layer to training behaviour (dropout drops, batch norm uses batch statistics) or
   * inference behaviour. A network starts in inference; {@code Trainer} switches to training while
   * it trains and back afterwards.
   */
  public void setTraining(boolean training) {
    this.training = training;
    for (Layer layer : layers) {
      layer.setTraining(training);
    }
  }

  public boolean isTraining() {
    return training;
  }

  /**
   * The parameter with that dotted name.
   *
   * @throws IllegalArgumentException naming the unknown name and listing the known ones
   */
  public Parameter parameter(String name) {
    Parameter parameter = parameters.get(name);
    if (parameter == null) {
      throw new IllegalArgumentException(
          "no parameter named '" + name + "'; this network has " + parameters.keySet());
    }
    return parameter;
  }

  /**
   * Sets a parameter's value by copying {@code value} into it, converting precision.
   *
   * @throws ShapeException naming the parameter and both shapes if they differ
   */
  public void setParameter(String name, Tensor value) {
    Parameter parameter = parameter(name);
    if (!parameter.shape().equals(value.shape())) {
      throw ShapeException.expected("parameter " + name, parameter.shape(), value.shape());
    }
    parameter.value().copyFrom(value);
  }

  /** The total number of trainable values. */
  public long parameterCount() {
    long count = 0;
    for (Parameter parameter : parameters.values()) {
      count += parameter.value().size();
    }
    return count;
  }

  /**
   * The network's output for a batch, in the current mode, keeping what {@link #backward} needs.
   *
   * @param input {@code [samples × inputSize]} in this network's precision, all finite; not
   *     modified
   * @return {@code [samples × outputSize]}, new
   * @throws ShapeException if the batch has the wrong width
   * @throws IllegalArgumentException if it holds NaN or an infinity, or has another precision
   */
  public Tensor forward(Tensor input) {
    checkInput(input);
    return forwardShared(input).copy();
  }

  /**
   * {@link #forward} into the network's own buffers, which are allocated once per batch size and
   * reused: the result is valid until the next forward pass, and must not be modified. This is what
   * a training step uses, so that a step allocates nothing. The input is kept, not copied, for the
   * backward pass: leave it unchanged until then.
   *
   * <p>Its shape and precision are checked, its values are not: a step's batch is drawn from data
   * the trainer checked once, with {@link #checkInput}, which is for callers to use likewise.
   *
   * @throws ShapeException if the batch has the wrong width
   * @throws IllegalArgumentException if it has another precision
   */
  public Tensor forwardShared(Tensor input) {
    checkBatch(input);
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

  /**
   * Backpropagates {@code ∂L/∂output} through every layer, adding into each parameter's gradient.
   *
   * @param outputGradient {@code ∂L/∂output}, the shape of the last forward output; not modified
   * @return {@code ∂L/∂input}, new
   * @throws IllegalStateException if no forward pass came first
   */
  public Tensor backward(Tensor outputGradient) {
    Tensor gradient = backwardTo(1, outputGradient);
    if (layers.isEmpty()) {
      return gradient.copy();
    }
    Tensor inputGradient = Tensor.zeros(dtype, gradient.rows(), inputSize);
    layers.get(0).backward(gradient, inputGradient);
    return inputGradient;
  }

  /**
   * {@link #backward} for a training step: adds into each parameter's gradient, but computes no
   * gradient with respect to the input (for the MLP's first dense layer that product is a third of
   * the layer's work), stops at the first layer with parameters, and allocates nothing.
   */
  public void backwardParameters(Tensor outputGradient) {
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

  /**
   * The outputs in inference mode (dropout off, batch norm on its running statistics), whatever the
   * current mode, as a new tensor. Rows are processed in blocks of {@value #PREDICT_BLOCK} rows, on
   * as many threads as there are processors; when the matrix backend already uses them all, as
   * OpenBLAS does, on one thread, in one block up to {@value #NATIVE_PREDICT_ELEMENTS} elements in
   * the widest hidden layer. Nothing is kept and nothing changes, the input included, so several
   * threads may call it at once (for serving), and it leaves what {@link #backward} would use
   * alone.
   *
   * @throws ShapeException if the batch has the wrong width
   * @throws IllegalArgumentException if it holds NaN or an infinity, or has another precision
   */
  public Tensor predict(Tensor input) {
    checkInput(input);
    int rows = input.rows();
    Tensor outputs = Tensor.zeros(dtype, rows, outputSize);
    boolean backendThreads = MatrixBackends.current().usesAllCores();
    int blockRows = !backendThreads ? PREDICT_BLOCK : nativeBlockRows(rows);
    int blocks = (rows + blockRows - 1) / blockRows;
    int threads = backendThreads ? 1 : Math.min(blocks, Runtime.getRuntime().availableProcessors());
    if (threads <= 1) {
      predictBlocks(input, outputs, blockRows, 0, blocks);
      return outputs;
    }
    // Contiguous runs of blocks per thread, so each thread reuses its own buffers.
    IntStream.range(0, threads)
        .parallel()
        .forEach(
            thread ->
                predictBlocks(
                    input,
                    outputs,
                    blockRows,
                    (int) ((long) blocks * thread / threads),
                    (int) ((long) blocks * (thread + 1) / threads)));
    return outputs;
  }

  /**
   * Rows per block of {@link #predict} on the Java kernels, one block per thread at a time: a
   * block's activations stay in the cache.
   */
  static final int PREDICT_BLOCK = 256;

  /**
   * When the matrix backend threads each product itself (OpenBLAS), a batch whose widest hidden
   * activation has up to this many elements is one block, read and written in place with no copy,
   * and larger products run closer to the library's peak: up to 16,384 rows for the MLP's 256
   * units. Measured on 10,000 images, alternating in one process: one block 30.7–33.6 ms, blocks of
   * 1,024 rows 31.2–31.3 ms, of 4,096 rows 34.1–34.5 ms, of 256 rows 32.3–36.2 ms. The bound keeps
   * a wide network's activations to tens of megabytes.
   */
  static final int NATIVE_PREDICT_ELEMENTS = 1 << 22;

  /** Rows per block, beyond one block, with such a backend. */
  static final int NATIVE_PREDICT_BLOCK = 1024;

  /** The rows of one block of {@code rows} with a backend that threads its own products. */
  private int nativeBlockRows(int rows) {
    int whole = Math.max(NATIVE_PREDICT_ELEMENTS / widestHidden, 1);
    return rows <= whole ? Math.max(rows, 1) : Math.min(whole, NATIVE_PREDICT_BLOCK);
  }

  private void predictBlocks(
      Tensor input, Tensor outputs, int blockRows, int firstBlock, int endBlock) {
    Tensor[] buffers = null;
    for (int block = firstBlock; block < endBlock; block++) {
      int from = block * blockRows;
      int to = Math.min(from + blockRows, input.rows());
      // With no layers the output is a copy of the input, so it cannot be read in place.
      boolean whole = from == 0 && to == input.rows() && !layers.isEmpty();
      if (buffers == null || buffers[0].rows() != to - from) {
        buffers = new Tensor[layers.size() + 1];
        for (int index = 1; index < layers.size(); index++) {
          // An element-wise activation between two hidden layers overwrites its input: inference
          // needs no pre-activation, and this saves a buffer and a pass over memory.
          buffers[index] =
              index > 1
                      && layers.get(index - 1) instanceof ActivationLayer activation
                      && activation.isElementwise()
                  ? buffers[index - 1]
                  : Tensor.zeros(dtype, to - from, widths[index]);
        }
        // The whole batch is read and written where it is; a block is copied in and out.
        buffers[0] = whole ? input : Tensor.zeros(dtype, to - from, widths[0]);
        buffers[layers.size()] =
            whole ? outputs : Tensor.zeros(dtype, to - from, widths[layers.size()]);
      }
      if (!whole) {
        input.copyRows(from, buffers[0], 0, to - from);
      }
      for (int index = 0; index < layers.size(); index++) {
        if (fused[index]) {
          DenseActivation.infer(
              layers.get(index), layers.get(index + 1), buffers[index], buffers[index + 2]);
          index++;
        } else {
          layers.get(index).infer(buffers[index], buffers[index + 1]);
        }
      }
      if (!whole) {
        buffers[layers.size()].copyRows(0, outputs, from, to - from);
      }
    }
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

  /** Sets every parameter's gradient to zero. */
  public void zeroGradients() {
    for (int index = 0; index < parameterList.size(); index++) {
      parameterList.get(index).zeroGradient();
    }
  }

  /**
   * Checks that {@code input} is a finite batch this network can take.
   *
   * @throws ShapeException if it is not {@code [samples × inputSize]}
   * @throws IllegalArgumentException naming the row and column of the first NaN or infinity, or if
   *     it has another precision
   */
  public void checkInput(Tensor input) {
    checkBatch(input);
    int bad = input.indexOfNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "network input has "
              + input.get(bad)
              + " at row "
              + bad / inputSize
              + ", column "
              + bad % inputSize
              + "; every input must be finite");
    }
  }

  /** The shape and precision half of {@link #checkInput}. */
  private void checkBatch(Tensor input) {
    if (input.shape().rank() != 2 || input.columns() != inputSize) {
      throw ShapeException.expected(
          "network input", "a batch [samples × " + inputSize + "]", input.shape());
    }
    if (input.dtype() != dtype) {
      throw new IllegalArgumentException(
          "network input is "
              + input.dtype()
              + " but the network is "
              + dtype
              + "; convert the batch with input.to(DType."
              + dtype.name()
              + ")");
    }
  }

  /** A deep copy in {@code dtype}: parameters and buffers converted, gradients zero, same mode. */
  public Network to(DType dtype) {
    List<Layer> copies = new ArrayList<>();
    for (Layer layer : layers) {
      copies.add(layer.copy(dtype));
    }
    Network copy = new Network(inputSize, copies, dtype, penalties, constraints);
    copy.setTraining(training);
    return copy;
  }

  /** A deep copy in the same precision. */
  public Network copy() {
    return to(dtype);
  }

  /**
   * A table of the layers with their output widths and parameter counts, and the total, e.g.
   *
   * <pre>
   * #  layer          output  parameters
   * 0  Dense(2 → 4)   4       12
   * 1  ReLU           4       0
   * total: 12 parameters (float64)
   * </pre>
   */
  public String summary() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"#", "layer", "output", "parameters"});
    int width = inputSize;
    for (int index = 0; index < layers.size(); index++) {
      Layer layer = layers.get(index);
      width = layer.outputSize(width);
      long count = 0;
      for (Parameter parameter : layer.parameters().values()) {
        count += parameter.value().size();
      }
      rows.add(
          new String[] {
            Integer.toString(index), layer.toString(), Integer.toString(width), Long.toString(count)
          });
    }
    int[] widths = new int[4];
    for (String[] row : rows) {
      for (int column = 0; column < 4; column++) {
        widths[column] = Math.max(widths[column], row[column].length());
      }
    }
    StringBuilder text =
        new StringBuilder("input: " + inputSize + (inputSize == 1 ? " feature\n" : " features\n"));
    for (String[] row : rows) {
      for (int column = 0; column < 4; column++) {
        String cell = row[column];
        text.append(cell);
        if (column < 3) {
          text.append(" ".repeat(widths[column] - cell.length() + 2));
        }
      }
      text.append('\n');
    }
    return text.append(
            String.format(Locale.ROOT, "total: %d parameters (%s)%n", parameterCount(), dtype))
        .toString();
  }

  /** {@code Network(2 → Dense(2 → 4) → ReLU → Dense(4 → 1))}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Network(").append(inputSize);
    for (Layer layer : layers) {
      text.append(" → ").append(layer);
    }
    return text.append(')').toString();
  }
}
