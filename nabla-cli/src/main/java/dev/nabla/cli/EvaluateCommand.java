package dev.nabla.cli;

import dev.nabla.io.data.Dataset;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.metrics.ConfusionMatrix;
import dev.nabla.metrics.Metric;
import dev.nabla.metrics.Metrics;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Model model = ModelFile.read(modelFile);
    // Earlier versions trained on one class; such a model has nothing to tell apart, and its
    // metrics (and the confusion matrix) assume two classes or more.
    if (model.isClassification() && model.labelNames().size() < 2) {
      throw new IllegalArgumentException(
          modelFile
              + " classifies into one class only, \""
              + model.labelNames().get(0)
              + "\"; a classifier needs at least two, so train it again on data holding two classes"
              + " or more");
    }
    Dataset dataset = data.loadFor(model, model.network().dtype());
    Tensor outputs = model.outputs(dataset.features());
    Tensor targets = dataset.targets();
    out.printf(Locale.ROOT, "%d samples from %s%n", dataset.size(), data.data);
    out.printf(
        Locale.ROOT,
        "loss (%s): %.6f%n",
        model.loss(),
        model.lossFunction().value(outputs, targets));
    List<Metric> metrics = new java.util.ArrayList<>();
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
    for (Metric metric : metrics) {
      out.printf(Locale.ROOT, "%s: %.4f%n", metric.name(), metric.compute(outputs, targets));
    }
    if (model.isClassification()) {
      Tensor probabilities = model.probabilities(dataset.features());
      out.printf(
          Locale.ROOT, "log-loss: %.4f%n", Metrics.logLoss().compute(probabilities, targets));
      ConfusionMatrix matrix = ConfusionMatrix.of(outputs, targets);
      out.println();
      out.print(renderConfusion(matrix, model.labelNames()));
    }
    out.flush();
    return 0;
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
