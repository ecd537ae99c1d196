package dev.nabla.playground;

import dev.nabla.activations.Activation;
import dev.nabla.activations.Activations;
import dev.nabla.activations.ElementwiseActivation;
import dev.nabla.activations.Identity;
import dev.nabla.explain.ExplainOptions;
import dev.nabla.explain.Explainer;
import dev.nabla.explain.Explanation;
import dev.nabla.explain.TextRenderer;
import dev.nabla.layers.ActivationLayer;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Layer;
import dev.nabla.layers.LayerSpec;
import dev.nabla.layers.LayerText;
import dev.nabla.layers.Parameter;
import dev.nabla.layers.TensorSpec;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.network.ParameterName;
import dev.nabla.network.WeightLayouts;
import dev.nabla.optimizers.OptimizerSpec;
import dev.nabla.recipe.Preprocessing;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Execution;
import dev.nabla.tensor.Tensor;
import dev.nabla.tracing.LayerTrace;
import dev.nabla.tracing.Trace;
import dev.nabla.tracing.Tracer;
import dev.nabla.training.StepResult;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One setup being trained: the data, the network a {@link Recipe} builds, and core's {@link
 * TrainingSession} stepping it, single-threaded on the reference kernels in the browser and on the
 * JVM alike. Everything the page shows comes from here, as JSON.
 */
final class PlaygroundSession {
  /** Most parameters the page trains, so a step stays well under a frame. */
  static final long MAX_PARAMETERS = 50_000;

  /** Most units in a layer. */
  static final int MAX_WIDTH = 256;

  /** Most dense layers. */
  static final int MAX_DENSE = 10;

  /**
   * Most rows × parameters in one step: about 10⁸ multiply-adds forward and back, a few tens of
   * milliseconds, so a step never holds the page up.
   */
  static final long MAX_STEP_WORK = 20_000_000;

  /** An epoch limit the page never reaches: training runs until paused. */
  private static final int OPEN_ENDED = 100_000_000;

  private final Setup setup;
  private final Dataset data;
  private final Recipe recipe;
  private final Network network;
  private final Loss loss;
  private final Tensor trainInputs;
  private final Tensor trainTargets;
  private final Tensor testInputs;
  private final Tensor testTargets;
  private final TrainingSession training;
  private final List<Double> trainLosses = new ArrayList<>();
  private final List<Double> testLosses = new ArrayList<>();
  private StepResult lastStep;

  PlaygroundSession(Setup setup, Dataset csv) {
    this.setup = setup;
    this.data = Generators.generate(setup, csv);
    DType dtype = setup.text("dtype").equals("float64") ? DType.FLOAT64 : DType.FLOAT32;
    String lossName = lossName(setup, data);
    List<LayerSpec> layers = layers(setup, data, lossName);
    TrainingConfig config = trainingConfig(setup, data);
    this.recipe =
        Recipe.builder(layers, lossName)
            .dtype(dtype)
            .optimizer(
                OptimizerSpec.parse(setup.text("optimizer"))
                    .with("learningRate", setup.number("lr")))
            .training(config)
            .preprocessing(
                new Preprocessing(
                    setup.text("data").equals("csv") ? "standard" : "none",
                    setup.number("test"),
                    false))
            .build();
    long rowsPerStep = Math.min(recipe.training().batchSize(), data.trainInputs().length);
    long parameters = 0;
    for (TensorSpec tensor : recipe.architecture(data.features()).tensors().values()) {
      parameters += tensor.trainable() ? tensor.shape().size() : 0;
    }
    long work = rowsPerStep * parameters;
    if (work > MAX_STEP_WORK) {
      throw new IllegalArgumentException(
          "batch: a step of "
              + rowsPerStep
              + " rows through "
              + parameters
              + " parameters is too much work for one slice of the page (at most "
              + MAX_STEP_WORK
              + " row-parameters); choose a smaller batch or network, or train it with nabla"
              + " train");
    }
    this.network = recipe.network(data.features());
    Execution single = Execution.singleThreaded();
    network.setExecution(single);
    if (setup.text("init").equals("notebook")) {
      notebookWeights(setup.text("data"), network);
    }
    this.loss = recipe.lossFunction();
    this.trainInputs = Tensor.matrix(dtype, data.trainInputs());
    this.trainTargets = Tensor.matrix(dtype, data.trainTargets());
    this.testInputs =
        data.testInputs().length == 0 ? null : Tensor.matrix(dtype, data.testInputs());
    this.testTargets =
        data.testInputs().length == 0 ? null : Tensor.matrix(dtype, data.testTargets());
    this.training =
        recipe
            .trainerBuilder()
            .execution(single)
            .build()
            .session(network, trainInputs, trainTargets);
  }

  /** The setup's loss, or for {@code auto} softmax cross-entropy for classes and MSE for values. */
  private static String lossName(Setup setup, Dataset data) {
    String name = setup.text("loss");
    if (name.equals("auto")) {
      return data.classes() > 0 ? "softmax_cross_entropy" : "mse";
    }
    try {
      return Losses.name(Losses.parse(name));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("loss: " + e.getMessage());
    }
  }

  /**
   * The hidden layers as written, each dense one with the setup's initialiser, then a dense layer
   * with a unit per output and the output activation ({@code auto}: the one the loss expects).
   */
  private static List<LayerSpec> layers(Setup setup, Dataset data, String lossName) {
    List<LayerSpec> layers = new ArrayList<>();
    String init = setup.text("init");
    String weights = init.equals("notebook") ? "glorot_uniform" : init;
    List<LayerSpec> hidden;
    try {
      hidden = LayerText.parse(setup.text("layers"), "layers");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("layers: " + e.getMessage());
    }
    long parameters = 0;
    int width = data.features();
    int dense = 0;
    for (LayerSpec spec : hidden) {
      if (spec.type().equals(Dense.TYPE.name())) {
        int units = spec.config().integer("units", 1);
        if (units > MAX_WIDTH) {
          throw new IllegalArgumentException(
              "layers: a layer of "
                  + units
                  + " units is too big for the page (at most "
                  + MAX_WIDTH
                  + "); the command line trains it: nabla train --layers …");
        }
        parameters += (long) width * units + units;
        width = units;
        dense++;
        spec = new LayerSpec(spec.type(), spec.config().with("weightInitializer", weights));
      }
      layers.add(spec);
    }
    parameters += (long) width * data.outputs() + data.outputs();
    if (dense + 1 > MAX_DENSE || parameters > MAX_PARAMETERS) {
      throw new IllegalArgumentException(
          "layers: the network has "
              + (dense + 1)
              + " dense layers and "
              + parameters
              + " parameters, too big for the page (at most "
              + MAX_DENSE
              + " layers and "
              + MAX_PARAMETERS
              + " parameters); the command line trains it");
    }
    layers.add(
        LayerSpec.of(Dense.TYPE.name(), "units", data.outputs(), "weightInitializer", weights));
    String output = setup.text("output");
    if (output.equals("auto")) {
      output =
          switch (lossName) {
            case "categorical_cross_entropy" -> "softmax";
            case "binary_cross_entropy" -> "sigmoid";
            default -> "linear";
          };
    }
    Activation activation;
    try {
      activation = output.equals("linear") ? Activations.identity() : Activations.parse(output);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("output: " + e.getMessage());
    }
    if (!(activation instanceof Identity)) {
      layers.add(LayerSpec.of(ActivationLayer.TYPE.name(), "activation", activation.spec()));
    }
    return layers;
  }

  private static TrainingConfig trainingConfig(Setup setup, Dataset data) {
    int batch = setup.integer("batch", 0);
    TrainingConfig.Builder config =
        TrainingConfig.builder().epochs(OPEN_ENDED).seed(setup.whole("seed")).validationSplit(0);
    if (batch == 0 || batch >= data.trainInputs().length) {
      config.fullBatch();
    } else {
      config.batchSize(batch);
    }
    return config.build();
  }

  /** The notebook's hand-set weights, if the network is the notebook's. */
  private static void notebookWeights(String data, Network network) {
    List<Integer> dense = denseLayers(network);
    switch (data) {
      case "seed000" -> {
        requireShape(network, dense, new int[] {1, 2, 2, 1}, "seed 000's 1-2-2-1");
        for (int at = 0; at < 3; at++) {
          WeightLayouts.setFromBiasColumn(network, dense.get(at), Generators.SEED000_WEIGHTS[at]);
        }
      }
      case "seed002" -> {
        requireShape(network, dense, new int[] {3, 3, 3, 3}, "seed 002's 3-3-3-3");
        for (int at = 0; at < 3; at++) {
          network.setParameter(
              ParameterName.text(dense.get(at), "weights"),
              WeightLayouts.fromRowVectorConvention(
                  network.dtype(), Generators.SEED002_WEIGHTS[at]));
          network
              .parameter(ParameterName.text(dense.get(at), "bias"))
              .value()
              .fill(Generators.SEED002_BIAS);
        }
      }
      default ->
          throw new IllegalArgumentException(
              "init: the notebook's weights belong to seed000 and seed002; choose another"
                  + " initialiser for "
                  + data);
    }
  }

  private static void requireShape(
      Network network, List<Integer> dense, int[] widths, String what) {
    boolean fits = dense.size() == widths.length - 1 && network.inputSize() == widths[0];
    for (int at = 0; fits && at < dense.size(); at++) {
      // W: [out × in]
      fits =
          network.parameter(ParameterName.text(dense.get(at), "weights")).value().rows()
              == widths[at + 1];
    }
    if (!fits) {
      throw new IllegalArgumentException(
          "init: the notebook's weights fit "
              + what
              + " network only; change the layers back or"
              + " choose another initialiser");
    }
  }

  private static List<Integer> denseLayers(Network network) {
    List<Integer> dense = new ArrayList<>();
    for (int index = 0; index < network.layers().size(); index++) {
      if (network.layers().get(index) instanceof Dense) {
        dense.add(index);
      }
    }
    return dense;
  }

  Setup setup() {
    return setup;
  }

  Network network() {
    return network;
  }

  Dataset data() {
    return data;
  }

  Recipe recipe() {
    return recipe;
  }

  /** Whole epochs trained. */
  int epochsCompleted() {
    return trainLosses.size();
  }

  /** One batch: forward, backward, one update; the epoch's losses are recorded at its end. */
  void step() {
    lastStep = training.step();
    if (lastStep.epochEnd() != null) {
      trainLosses.add(lastStep.epochEnd().loss());
      testLosses.add(testLoss());
    }
  }

  /** Up to {@code count} steps, stopping early at the end of an epoch if {@code toEpochEnd}. */
  void steps(int count, boolean toEpochEnd) {
    for (int step = 0; step < count; step++) {
      step();
      if (toEpochEnd && lastStep.epochEnd() != null) {
        return;
      }
    }
  }

  /** Steps to the end of the epoch in progress, or through a whole one. */
  void epoch() {
    do {
      step();
    } while (lastStep.epochEnd() == null);
  }

  /** The loss on the test rows, NaN without any. */
  private double testLoss() {
    if (testInputs == null) {
      return Double.NaN;
    }
    return loss.value(network.predict(testInputs), testTargets);
  }

  /** The fraction of rows whose largest output is the target's class; NaN for values. */
  private double accuracy(Tensor inputs, Tensor targets) {
    if (data.classes() == 0 || inputs == null) {
      return Double.NaN;
    }
    Tensor outputs = network.predict(inputs);
    int right = 0;
    for (int row = 0; row < inputs.rows(); row++) {
      if (argmax(outputs, row) == argmax(targets, row)) {
        right++;
      }
    }
    return (double) right / inputs.rows();
  }

  private static int argmax(Tensor tensor, int row) {
    int best = 0;
    for (int column = 1; column < tensor.columns(); column++) {
      if (tensor.get(row, column) > tensor.get(row, best)) {
        best = column;
      }
    }
    return best;
  }

  /** Epochs, steps, the last losses and accuracies, and the loss curves from epoch {@code from}. */
  String status(int from) {
    Json json = new Json().open();
    json.key("epoch").value(trainLosses.size());
    json.key("steps").value(training.steps());
    json.key("batch").value(lastStep == null ? 0 : lastStep.batch());
    json.key("batches").value(lastStep == null ? 0 : lastStep.batches());
    json.key("stepLoss").value(lastStep == null ? Double.NaN : lastStep.loss());
    json.key("trainAccuracy").value(accuracy(trainInputs, trainTargets));
    json.key("testAccuracy").value(accuracy(testInputs, testTargets));
    json.key("from").value(from);
    json.key("trainLoss").openArray();
    for (int at = Math.max(0, from); at < trainLosses.size(); at++) {
      json.value(trainLosses.get(at));
    }
    json.closeArray().key("testLoss").openArray();
    for (int at = Math.max(0, from); at < testLosses.size(); at++) {
      json.value(testLosses.get(at));
    }
    return json.closeArray().close().toString();
  }

  /** The data, the network's shape and the setup, for the page to draw once. */
  String describe() {
    Json json = new Json().open();
    json.key("setup").value(setup.toText());
    json.key("classes").value(data.classes());
    json.key("features").values(data.featureNames());
    json.key("outputs").value(data.outputs());
    json.key("traceRow").value(data.traceRow());
    json.key("train")
        .open()
        .key("x")
        .values(data.trainInputs())
        .key("y")
        .values(data.trainTargets());
    json.close();
    json.key("test").open().key("x").values(data.testInputs()).key("y").values(data.testTargets());
    json.close();
    json.key("loss").value(Losses.name(loss));
    json.key("parameters").value(network.parameterCount());
    return json.close().toString();
  }

  /** Each layer: its kind, description, and for dense layers the weights and bias now. */
  String weights() {
    Json json = new Json().openArray();
    List<Layer> layers = network.layers();
    for (int index = 0; index < layers.size(); index++) {
      Layer layer = layers.get(index);
      json.open().key("index").value(index).key("name").value(layer.toString());
      if (layer instanceof Dense) {
        json.key("kind").value("dense");
        json.key("weights").values(parameter(index, "weights").toDoubleMatrix());
        Parameter bias = network.parameters().get(ParameterName.text(index, "bias"));
        json.key("bias").values(bias == null ? new double[0] : bias.value().toDoubleArray());
      } else if (layer instanceof ActivationLayer activation) {
        json.key("kind")
            .value("activation")
            .key("activation")
            .value(activation.activation().spec());
      } else {
        json.key("kind").value(layer.spec().type());
      }
      json.close();
    }
    return json.closeArray().toString();
  }

  private Tensor parameter(int layer, String name) {
    return network.parameter(ParameterName.text(layer, name)).value();
  }

  /**
   * One traced forward and backward pass on training row {@code row}, as a batch of one: every
   * layer's output and output gradient, every parameter and its gradient, with core's formulas. The
   * weights are not changed.
   */
  String trace(int row) {
    if (row < 0 || row >= trainInputs.rows()) {
      throw new IllegalArgumentException(
          "trace: row " + row + " is not a training row (0 to " + (trainInputs.rows() - 1) + ")");
    }
    Tensor input = trainInputs.gatherRows(new int[] {row}, 0, 1);
    Tensor target = trainTargets.gatherRows(new int[] {row}, 0, 1);
    Trace trace = Tracer.trace(network, loss, input, target);
    Json json = new Json().open();
    json.key("row").value(row);
    json.key("input").values(input.toDoubleArray());
    json.key("target").values(target.toDoubleArray());
    json.key("loss").value(trace.loss());
    json.key("lossName").value(Losses.name(loss));
    json.key("inputGradient").values(trace.inputGradient().toDoubleArray());
    json.key("layers").openArray();
    List<Layer> layers = network.layers();
    Map<String, Tensor> gradients = trace.parameterGradients();
    for (LayerTrace layerTrace : trace.layers()) {
      int index = layerTrace.index();
      Layer layer = layers.get(index);
      LayerSpec spec = layer.spec();
      json.open().key("index").value(index).key("name").value(layerTrace.layer());
      boolean dense = layer instanceof Dense;
      json.key("forward")
          .value(
              spec.layerType()
                  .forwardFormula(
                      spec.config(), dense ? (index == 0 ? "x" : "a") : "z", dense ? "z" : "a"));
      json.key("backward").value(spec.layerType().backwardFormula(spec.config()));
      json.key("output").values(layerTrace.output().toDoubleArray());
      json.key("gradient").values(layerTrace.outputGradient().toDoubleArray());
      if (layer instanceof Dense) {
        json.key("kind").value("dense");
        json.key("weights").values(parameter(index, "weights").toDoubleMatrix());
        json.key("weightGradients")
            .values(gradients.get(ParameterName.text(index, "weights")).toDoubleMatrix());
        Tensor bias = gradients.get(ParameterName.text(index, "bias"));
        json.key("bias")
            .values(bias == null ? new double[0] : parameter(index, "bias").toDoubleArray());
        json.key("biasGradients").values(bias == null ? new double[0] : bias.toDoubleArray());
      } else if (layer instanceof ActivationLayer activation) {
        json.key("kind").value("activation");
        json.key("activation").value(activation.activation().spec());
        if (activation.activation() instanceof ElementwiseActivation elementwise) {
          // f′(z) at each unit, from the layer's input z (the previous layer's output) and a.
          double[] z = trace.layers().get(index - 1 >= 0 ? index - 1 : 0).output().toDoubleArray();
          if (index == 0) {
            z = input.toDoubleArray();
          }
          double[] a = layerTrace.output().toDoubleArray();
          double[] derivative = new double[a.length];
          for (int unit = 0; unit < a.length; unit++) {
            derivative[unit] = elementwise.derivative(z[unit], a[unit]);
          }
          json.key("derivative").values(derivative);
        }
      } else {
        json.key("kind").value(spec.type());
      }
      json.close();
    }
    json.closeArray();
    return json.close().toString();
  }

  /**
   * Core's own derivation ({@link Explainer}, rendered as {@code nabla explain} prints it) of one
   * pass on training row {@code row}, working element {@code (unit, input)} of notation layer
   * {@code layer} (1 for the first dense layer; 0 leaves every layer at element (0, 0)).
   */
  String explain(int row, int layer, int unit, int input) {
    if (row < 0 || row >= trainInputs.rows()) {
      throw new IllegalArgumentException(
          "explain: row " + row + " is not a training row (0 to " + (trainInputs.rows() - 1) + ")");
    }
    Map<Integer, int[]> chosen = layer > 0 ? Map.of(layer, new int[] {unit, input}) : Map.of();
    Explanation explanation =
        Explainer.explain(
            network,
            loss,
            recipe.optimizer().create(),
            trainInputs.gatherRows(new int[] {row}, 0, 1),
            trainTargets.gatherRows(new int[] {row}, 0, 1),
            new ExplainOptions(0, 0, chosen, false));
    return TextRenderer.render(explanation);
  }

  /**
   * The decision regions of a 2-D classifier on a {@code resolution²} grid over the data's range,
   * padded: {@code [xMin, xMax, yMin, yMax, cells…]}, each cell its class plus 0.999 × the class's
   * probability (softmax of the outputs, or the outputs themselves after a softmax). For one
   * feature and one value, the curve: {@code [xMin, xMax, predictions…]}.
   */
  double[] grid(int resolution) {
    if (resolution < 2 || resolution > 200) {
      throw new IllegalArgumentException("grid: resolution " + resolution + " is not in 2 to 200");
    }
    double[][] all = data.trainInputs();
    int features = data.features();
    double[] min = new double[features];
    double[] max = new double[features];
    for (int feature = 0; feature < features; feature++) {
      min[feature] = Double.POSITIVE_INFINITY;
      max[feature] = Double.NEGATIVE_INFINITY;
      for (double[] row : all) {
        min[feature] = Math.min(min[feature], row[feature]);
        max[feature] = Math.max(max[feature], row[feature]);
      }
      double pad = Math.max(0.1 * (max[feature] - min[feature]), 0.1);
      min[feature] -= pad;
      max[feature] += pad;
    }
    if (features == 1) {
      Tensor xs = Tensor.zeros(network.dtype(), resolution, 1);
      for (int at = 0; at < resolution; at++) {
        xs.set(at, 0, min[0] + (max[0] - min[0]) * at / (resolution - 1));
      }
      Tensor ys = network.predict(xs);
      double[] curve = new double[2 + resolution];
      curve[0] = min[0];
      curve[1] = max[0];
      for (int at = 0; at < resolution; at++) {
        curve[2 + at] = ys.get(at, 0);
      }
      return curve;
    }
    if (features != 2 || data.classes() == 0) {
      return new double[0];
    }
    Tensor cells = Tensor.zeros(network.dtype(), resolution * resolution, 2);
    for (int j = 0; j < resolution; j++) {
      for (int i = 0; i < resolution; i++) {
        cells.set(j * resolution + i, 0, min[0] + (max[0] - min[0]) * (i + 0.5) / resolution);
        cells.set(j * resolution + i, 1, max[1] - (max[1] - min[1]) * (j + 0.5) / resolution);
      }
    }
    Tensor outputs = network.predict(cells);
    boolean probabilities = !Losses.name(loss).equals("softmax_cross_entropy");
    double[] grid = new double[4 + resolution * resolution];
    grid[0] = min[0];
    grid[1] = max[0];
    grid[2] = min[1];
    grid[3] = max[1];
    for (int cell = 0; cell < resolution * resolution; cell++) {
      int best = argmax(outputs, cell);
      double p;
      if (probabilities) {
        p = outputs.get(cell, best);
      } else {
        double sum = 0;
        for (int column = 0; column < outputs.columns(); column++) {
          sum += Math.exp(outputs.get(cell, column) - outputs.get(cell, best));
        }
        p = 1 / sum;
      }
      grid[4 + cell] = best + 0.999 * Math.max(0, Math.min(1, p));
    }
    return grid;
  }

  /**
   * What a model file needs, for the server to write one ({@code ModelExport}): the recipe, the
   * feature and class names, the features' scaling, and every parameter's shape and values (each
   * float32 value is a double exactly, so the file holds the page's weights bit for bit).
   */
  String modelState() {
    Json json = new Json().open();
    json.key("recipe").raw(RecipeText.write(this));
    json.key("features").values(data.featureNames());
    json.key("labels").values(data.labelNames());
    json.key("scaler").open();
    json.key("kind").value(data.offset() == null ? "none" : "standard");
    double[] offset = data.offset() == null ? new double[data.features()] : data.offset();
    double[] scale = data.scale();
    if (scale == null) {
      scale = new double[data.features()];
      java.util.Arrays.fill(scale, 1);
    }
    json.key("offset").values(offset).key("scale").values(scale).close();
    json.key("parameters").open();
    for (Map.Entry<String, Parameter> entry : network.parameters().entrySet()) {
      Tensor value = entry.getValue().value();
      json.key(entry.getKey()).open().key("shape").openArray();
      for (int axis = 0; axis < value.shape().rank(); axis++) {
        json.value(value.shape().dimension(axis));
      }
      json.closeArray().key("values").values(value.toDoubleArray()).close();
    }
    json.close();
    return json.close().toString();
  }

  /** Every parameter's value as float32 bits, in the network's order: for bit-for-bit tests. */
  int[] parameterBits() {
    List<Integer> bits = new ArrayList<>();
    for (Parameter parameter : network.parameters().values()) {
      Tensor value = parameter.value();
      for (int at = 0; at < value.size(); at++) {
        bits.add(Float.floatToRawIntBits((float) value.get(at)));
      }
    }
    int[] result = new int[bits.size()];
    for (int at = 0; at < result.length; at++) {
      result[at] = bits.get(at);
    }
    return result;
  }
}
