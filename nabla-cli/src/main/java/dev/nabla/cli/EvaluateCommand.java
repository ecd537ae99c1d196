package dev.nabla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.io.data.Dataset;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.metrics.ConfusionMatrix;
import dev.nabla.metrics.Metric;
import dev.nabla.metrics.Metrics;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
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

/** {@code nabla evaluate}: a model's metrics and confusion matrix on labelled data. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Measures a model on labelled data: loss, metrics and, for classes, the confusion matrix.",
      "CSV feature columns are found by the names the model was trained on, wherever they stand"
          + " (without a header, in order)."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Option(
      names = {"-m", "--model"},
      required = true,
      paramLabel = "FILE",
      description = "the model file")
  Path modelFile;

  @Mixin DataOptions data;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text (default) or json: the same numbers for a program to read")
  String format;

  @Override
  public Integer call() throws IOException {
    if (!format.equals("text") && !format.equals("json")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--format must be text or json, got '" + format + "'");
    }
    PrintWriter out = spec.commandLine().getOut();
    Model model = ModelFile.read(modelFile);
    // Read in float64: the model scales in float64 and casts after, as training did.
    Dataset dataset = data.loadFor(model, DType.FLOAT64);
    Tensor outputs = model.outputs(dataset.features());
    Tensor targets = dataset.targets();
    Map<String, Double> measured = new LinkedHashMap<>();
    measured.put("loss", model.lossFunction().value(outputs, targets));
    for (Metric metric : metrics(model, targets)) {
      measured.put(metric.name(), metric.compute(outputs, targets));
    }
    ConfusionMatrix matrix = null;
    if (model.isClassification()) {
      if (model.hasProbabilities()) {
        Tensor probabilities = model.probabilities(dataset.features());
        measured.put("log-loss", Metrics.logLoss().compute(probabilities, targets));
      }
      matrix = ConfusionMatrix.of(outputs, targets);
    }
    if (format.equals("json")) {
      out.print(json(model, dataset, measured, matrix));
    } else {
      out.printf(Locale.ROOT, "%d samples from %s%n", dataset.size(), data.data);
      measured.forEach(
          (name, value) ->
              out.printf(
                  Locale.ROOT,
                  name.equals("loss") ? "loss (" + model.loss() + "): %.6f%n" : name + ": %.4f%n",
                  value));
      if (matrix != null) {
        out.println();
        out.print(renderConfusion(matrix, model.labelNames()));
      }
    }
    out.flush();
    return 0;
  }

  private static List<Metric> metrics(Model model, Tensor targets) {
    List<Metric> metrics = new ArrayList<>();
    if (model.isClassification()) {
      metrics.add(Metrics.accuracy());
      if (targets.columns() > 3) {
        metrics.add(Metrics.topKAccuracy(3));
      }
      metrics.addAll(List.of(Metrics.macroPrecision(), Metrics.macroRecall(), Metrics.macroF1()));
    } else {
      metrics.addAll(
          List.of(
              Metrics.meanSquaredError(),
              Metrics.rootMeanSquaredError(),
              Metrics.meanAbsoluteError(),
              Metrics.r2()));
    }
    return metrics;
  }

  /**
   * {@code {"model": …, "data": …, "samples": n, "loss": "mse", "metrics": {"loss": …, "accuracy":
   * …}, "confusion": {"labels": […], "counts": [[…]], "precision": […], "recall": […], "f1":
   * […]}}}, rows of counts actual, columns predicted.
   */
  private String json(
      Model model, Dataset dataset, Map<String, Double> measured, ConfusionMatrix matrix)
      throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode json = mapper.createObjectNode();
    json.put("model", modelFile.toString());
    json.put("data", data.data.toString());
    json.put("samples", dataset.size());
    json.put("loss", model.loss());
    ObjectNode metrics = json.putObject("metrics");
    measured.forEach(
        (name, value) -> {
          if (Double.isFinite(value)) {
            metrics.put(name, value);
          } else {
            metrics.putNull(name);
          }
        });
    if (matrix != null) {
      ObjectNode confusion = json.putObject("confusion");
      confusion.set("labels", mapper.valueToTree(model.labelNames()));
      ArrayNode counts = confusion.putArray("counts");
      ArrayNode precision = confusion.putArray("precision");
      ArrayNode recall = confusion.putArray("recall");
      ArrayNode f1 = confusion.putArray("f1");
      for (int actual = 0; actual < matrix.classes(); actual++) {
        ArrayNode row = counts.addArray();
        for (int predicted = 0; predicted < matrix.classes(); predicted++) {
          row.add(matrix.count(actual, predicted));
        }
        addNumber(precision, matrix.precision(actual));
        addNumber(recall, matrix.recall(actual));
        addNumber(f1, matrix.f1(actual));
      }
    }
    return mapper.writeValueAsString(json) + "\n";
  }

  /** A number, or null where it is undefined (precision of a class never predicted). */
  private static void addNumber(ArrayNode array, double value) {
    if (Double.isFinite(value)) {
      array.add(value);
    } else {
      array.addNull();
    }
  }

  /** The matrix with label names, then precision, recall and F1 per class. */
  static String renderConfusion(ConfusionMatrix matrix, List<String> labels) {
    int width = 7;
    for (String label : labels) {
      width = Math.max(width, label.length() + 1);
    }
    StringBuilder text = new StringBuilder("confusion matrix (rows: actual, columns: predicted)\n");
    text.append(" ".repeat(width));
    for (String label : labels) {
      text.append(String.format(Locale.ROOT, "%" + width + "s", label));
    }
    text.append('\n');
    for (int actual = 0; actual < matrix.classes(); actual++) {
      text.append(String.format(Locale.ROOT, "%-" + width + "s", labels.get(actual)));
      for (int predicted = 0; predicted < matrix.classes(); predicted++) {
        text.append(String.format(Locale.ROOT, "%" + width + "d", matrix.count(actual, predicted)));
      }
      text.append('\n');
    }
    text.append('\n')
        .append(
            String.format(
                Locale.ROOT,
                "%-" + width + "s %9s %9s %9s%n",
                "class",
                "precision",
                "recall",
                "F1"));
    for (int c = 0; c < matrix.classes(); c++) {
      text.append(
          String.format(
              Locale.ROOT,
              "%-" + width + "s %9.4f %9.4f %9.4f%n",
              labels.get(c),
              matrix.precision(c),
              matrix.recall(c),
              matrix.f1(c)));
    }
    return text.toString();
  }
}
