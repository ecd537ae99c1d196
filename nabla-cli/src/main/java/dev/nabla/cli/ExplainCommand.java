package dev.nabla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nabla.io.data.Dataset;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.layers.Layer;
import dev.nabla.layers.LayerSpec;
import dev.nabla.layers.LayerTypes;
import dev.nabla.network.Network;
import dev.nabla.network.ParameterName;
import dev.nabla.optimizers.Optimizer;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.tracing.LayerTrace;
import dev.nabla.tracing.Trace;
import dev.nabla.tracing.Tracer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nabla explain}: one sample through a model, every value of the forward and backward pass
 * and one SGD step, layer by layer with the formulas, as Markdown or JSON ({@code
 * docs/explain-json.md}).
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Shows backpropagation for one sample: every pre-activation, activation, delta, weight"
          + " gradient and the weights after one optimizer step (plain SGD unless --optimizer),"
          + " layer by layer with the formulas.",
      "Computed in float64, in inference mode (dropout off, batch norm on running statistics)."
    })
final class ExplainCommand implements Callable<Integer> {
  @Option(
      names = {"-m", "--model"},
      required = true,
      paramLabel = "FILE",
      description = "the model file")
  Path modelFile;

  @Mixin DataOptions data;

  @Option(
      names = "--sample",
      defaultValue = "0",
      description = "which sample, from 0 (default: ${DEFAULT-VALUE})")
  int sample;

  @Mixin OptimizerOptions optimizerOptions;

  @Option(
      names = "--format",
      defaultValue = "markdown",
      description = "markdown or json (default: ${DEFAULT-VALUE})")
  String format;

  @Option(
      names = "--max-values",
      defaultValue = "32",
      paramLabel = "N",
      description =
          "Markdown shows at most N values of a tensor (JSON shows all; default:"
              + " ${DEFAULT-VALUE})")
  int maxValues;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "write here instead of to standard output")
  Path output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private String description;

  @Override
  public Integer call() throws IOException {
    Model model = ModelFile.read(modelFile);
    Dataset dataset = data.loadFor(model, DType.FLOAT64);

    if (sample < 0 || sample >= dataset.size()) {
      throw new IllegalArgumentException(
          "--sample " + sample + " is not in 0.." + (dataset.size() - 1));
    }
    int[] one = {sample};
    Tensor raw = dataset.features().gatherRows(one, 0, 1);
    Tensor x = model.scaler().transform(raw);
    Tensor y = dataset.targets().gatherRows(one, 0, 1);
    Network network = model.network().to(DType.FLOAT64);
    network.setTraining(false);
    Trace trace = Tracer.trace(network, model.lossFunction(), x, y);
    Network stepped = network.copy();
    trace
        .parameterGradients()
        .forEach((name, gradient) -> stepped.parameter(name).gradient().copyFrom(gradient));
    Optimizer optimizer = optimizerOptions.create("sgd");
    optimizer.step(stepped.parameters());
    description = optimizer.toString();

    String text =
        format.equalsIgnoreCase("json")
            ? json(model, network, stepped, trace, raw, x, y)
            : markdown(model, network, stepped, trace, raw, x, y);
    Output.write(spec.commandLine().getOut(), output, text);
    return 0;
  }

  /** The forward formula of a layer, in the notation of the notebooks; its type writes it. */
  static String forwardFormula(Layer layer, int index) {
    LayerSpec spec = layer.spec();
    return LayerTypes.get(spec.type())
        .forwardFormula(spec.config(), index == 0 ? "x" : "a" + (index - 1), "a" + index);
  }

  /** The backward formula of a layer; its type writes it. */
  static String backwardFormula(Layer layer) {
    LayerSpec spec = layer.spec();
    return LayerTypes.get(spec.type()).backwardFormula(spec.config());
  }

  private String markdown(
      Model model, Network network, Network stepped, Trace trace, Tensor raw, Tensor x, Tensor y) {
    StringBuilder md = new StringBuilder();
    md.append("# Backpropagation for sample ")
        .append(sample)
        .append(" of ")
        .append(data.data)
        .append("\n\n");
    md.append("Model `")
        .append(modelFile)
        .append("`, loss `")
        .append(model.loss())
        .append("`.\n\n");
    md.append("| | value |\n|---|---|\n");
    md.append("| raw input | ").append(values(raw)).append(" |\n");
    md.append("| scaled input x = (raw − offset)/scale (")
        .append(model.scaler().kind())
        .append(") | ")
        .append(values(x))
        .append(" |\n");
    md.append("| target y | ").append(values(y)).append(" |\n\n");
    md.append("## Forward pass\n\n");
    List<Layer> layers = network.layers();
    for (LayerTrace layer : trace.layers()) {
      md.append("### Layer ")
          .append(layer.index())
          .append(": ")
          .append(layer.layer())
          .append("\n\n");
      md.append("`")
          .append(forwardFormula(layers.get(layer.index()), layer.index()))
          .append("`\n\n");
      md.append("a")
          .append(layer.index())
          .append(" = ")
          .append(values(layer.output()))
          .append("\n\n");
    }
    md.append("Prediction ŷ = ").append(values(trace.prediction())).append("\n\n");
    md.append(String.format(Locale.ROOT, "Loss L = %.10g%n%n", trace.loss()));
    md.append("## Backward pass\n\n");
    for (int index = trace.layers().size() - 1; index >= 0; index--) {
      LayerTrace layer = trace.layers().get(index);
      Layer actual = layers.get(index);
      md.append("### Layer ").append(index).append(": ").append(layer.layer()).append("\n\n");
      md.append("`").append(backwardFormula(actual)).append("`\n\n");
      md.append("∂L/∂a")
          .append(index)
          .append(" = ")
          .append(values(layer.outputGradient()))
          .append("\n\n");
      for (String name : actual.parameters().keySet()) {
        String full = ParameterName.text(index, name);
        md.append("- ")
            .append(name)
            .append(" ")
            .append(network.parameter(full).shape())
            .append(": ")
            .append(values(network.parameter(full).value()))
            .append("\n");
        md.append("- ∂L/∂")
            .append(name)
            .append(": ")
            .append(values(trace.parameterGradients().get(full)))
            .append("\n");
        md.append("- ")
            .append(name)
            .append(" after the step: ")
            .append(values(stepped.parameter(full).value()))
            .append("\n");
      }
      if (!actual.parameters().isEmpty()) {
        md.append('\n');
      }
    }
    md.append("∂L/∂x = ").append(values(trace.inputGradient())).append("\n\n");
    md.append("## One optimizer step\n\n").append(description).append(", from fresh state. ");
    Tensor after = stepped.forward(x);
    md.append(
        String.format(
            Locale.ROOT,
            "The loss on this sample goes from %.10g to %.10g.%n",
            trace.loss(),
            model.lossFunction().value(after, y)));
    return md.toString();
  }

  private String values(Tensor tensor) {
    StringBuilder text =
        new StringBuilder(tensor.shape().rank() == 2 && tensor.rows() > 1 ? "[" : "");
    int shown = Math.min(tensor.size(), maxValues);
    text.append('[');
    for (int index = 0; index < shown; index++) {
      if (index > 0) {
        text.append(
            tensor.shape().rank() == 2 && tensor.rows() > 1 && index % tensor.columns() == 0
                ? "], ["
                : ", ");
      }
      text.append(String.format(Locale.ROOT, "%.6g", tensor.get(index)));
    }
    if (shown < tensor.size()) {
      text.append(", … (").append(tensor.size() - shown).append(" more)");
    }
    text.append(']');
    if (tensor.shape().rank() == 2 && tensor.rows() > 1) {
      text.append(']');
    }
    return text.toString();
  }

  private String json(
      Model model, Network network, Network stepped, Trace trace, Tensor raw, Tensor x, Tensor y)
      throws IOException {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("schema", "nabla-explain/1");
    document.put("model", modelFile.toString());
    document.put("data", data.data.toString());
    document.put("sample", sample);
    document.put("loss", model.loss());
    document.put("rawInput", raw.toDoubleArray());
    document.put("input", x.toDoubleArray());
    document.put("target", y.toDoubleArray());
    List<Map<String, Object>> layers = new ArrayList<>();
    for (LayerTrace trace1 : trace.layers()) {
      Layer layer = network.layers().get(trace1.index());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("index", trace1.index());
      entry.put("layer", trace1.layer());
      entry.put("forward", forwardFormula(layer, trace1.index()));
      entry.put("backward", backwardFormula(layer));
      entry.put("output", trace1.output().toDoubleArray());
      entry.put("outputGradient", trace1.outputGradient().toDoubleArray());
      Map<String, Object> parameters = new LinkedHashMap<>();
      for (String name : layer.parameters().keySet()) {
        String full = ParameterName.text(trace1.index(), name);
        Map<String, Object> parameter = new LinkedHashMap<>();
        parameter.put("shape", shape(network.parameter(full).value()));
        parameter.put("value", network.parameter(full).value().toDoubleArray());
        parameter.put("gradient", trace.parameterGradients().get(full).toDoubleArray());
        parameter.put("updated", stepped.parameter(full).value().toDoubleArray());
        parameters.put(name, parameter);
      }
      entry.put("parameters", parameters);
      layers.add(entry);
    }
    document.put("layers", layers);
    document.put("prediction", trace.prediction().toDoubleArray());
    document.put("lossValue", trace.loss());
    document.put("inputGradient", trace.inputGradient().toDoubleArray());
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("optimizer", description);
    step.put("lossAfter", model.lossFunction().value(stepped.forward(x), y));
    document.put("step", step);
    return new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(document)
        + "\n";
  }

  private static int[] shape(Tensor tensor) {
    int[] dims = new int[tensor.shape().rank()];
    for (int axis = 0; axis < dims.length; axis++) {
      dims[axis] = tensor.shape().dimension(axis);
    }
    return dims;
  }
}
