package dev.nabla.network;

import dev.nabla.layers.Layer;
import dev.nabla.layers.Parameter;
import dev.nabla.regularization.MaxNorm;
import dev.nabla.regularization.Penalty;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Execution;
import dev.nabla.tensor.MatrixBackends;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** The training passes into buffers allocated once per batch size. */
  private final BufferedPasses passes;

  /** Thread-safe inference in row blocks. */
  private final Predictor predictor;

  private boolean training;

  /** How its passes run; null for the process's default. */
  private Execution execution;

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
    int[] widths = new int[this.layers.size() + 1];
    widths[0] = inputSize;
    Map<String, Parameter> named = new LinkedHashMap<>();
    Map<String, Tensor> namedBuffers = new LinkedHashMap<>();
    for (int index = 0; index < this.layers.size(); index++) {
      Layer layer = this.layers.get(index);
      width = layer.outputSize(width);
      widths[index + 1] = width;
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
        named.put(ParameterName.text(index, entry.getKey()), entry.getValue());
      }
      for (Map.Entry<String, Tensor> entry : layer.buffers().entrySet()) {
        namedBuffers.put(ParameterName.text(index, entry.getKey()), entry.getValue());
      }
    }
    this.outputSize = width;
    boolean[] fused = BufferedPasses.fusedPairs(this.layers);
    this.passes = new BufferedPasses(this.layers, widths, fused, dtype);
    this.predictor = new Predictor(this.layers, widths, fused, dtype);
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
    Execution previous = MatrixBackends.enter(execution);
    try {
      return passes.forward(input);
    } finally {
      MatrixBackends.exit(previous);
    }
  }

  /**
   * Backpropagates {@code ∂L/∂output} through every layer, adding into each parameter's gradient.
   *
   * @param outputGradient {@code ∂L/∂output}, the shape of the last forward output; not modified
   * @return {@code ∂L/∂input}, new
   * @throws IllegalStateException if no forward pass came first
   */
  public Tensor backward(Tensor outputGradient) {
    Execution previous = MatrixBackends.enter(execution);
    try {
      return passes.backward(outputGradient);
    } finally {
      MatrixBackends.exit(previous);
    }
  }

  /**
   * {@link #backward} for a training step: adds into each parameter's gradient, but computes no
   * gradient with respect to the input (for the MLP's first dense layer that product is a third of
   * the layer's work), stops at the first layer with parameters, and allocates nothing.
   */
  public void backwardParameters(Tensor outputGradient) {
    Execution previous = MatrixBackends.enter(execution);
    try {
      passes.backwardParameters(outputGradient);
    } finally {
      MatrixBackends.exit(previous);
    }
  }

  /**
   * The outputs in inference mode (dropout off, batch norm on its running statistics), whatever the
   * current mode, as a new tensor. Rows are processed in blocks of {@value Predictor#PREDICT_BLOCK}
   * rows, on as many threads as there are processors; when the matrix backend already uses them
   * all, as OpenBLAS does, on one thread, in one block up to {@value
   * Predictor#NATIVE_PREDICT_ELEMENTS} elements in the widest hidden layer. Nothing is kept and
   * nothing changes, the input included, so several threads may call it at once (for serving), and
   * it leaves what {@link #backward} would use alone.
   *
   * @throws ShapeException if the batch has the wrong width
   * @throws IllegalArgumentException if it holds NaN or an infinity, or has another precision
   */
  public Tensor predict(Tensor input) {
    checkInput(input);
    Execution previous = MatrixBackends.enter(execution);
    try {
      return predictor.predict(input);
    } finally {
      MatrixBackends.exit(previous);
    }
  }

  /**
   * Chooses how this network's passes run — its matrix backend and threads — instead of the
   * process's default; null goes back to the default. The choice is in force on the thread running
   * each pass, so other networks are unaffected, and copies keep it.
   */
  public void setExecution(Execution execution) {
    this.execution = execution;
  }

  /** This network's execution, or null if it uses the process's default. */
  public Execution execution() {
    return execution;
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
    copy.setExecution(execution);
    return copy;
  }

  /**
   * A replica for data-parallel training ({@link Layer#replica}): it shares this network's
   * parameter values, so every update of this network's weights is the replica's too, but has its
   * own gradients and pass buffers, in training mode and with this network's backend on one thread.
   * Null if a layer cannot be replicated. Penalties and constraints stay with this network, which
   * the update runs on.
   */
  public Network replica() {
    List<Layer> replicas = new ArrayList<>();
    for (Layer layer : layers) {
      Layer replica = layer.replica();
      if (replica == null) {
        return null;
      }
      replicas.add(replica);
    }
    Network replica = new Network(inputSize, replicas, dtype);
    replica.setTraining(true);
    // A replica runs on a core of its own: its products must not fork.
    replica.setExecution(execution == null ? null : new Execution(execution.backend(), 1));
    return replica;
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
    return NetworkSummary.of(this);
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
