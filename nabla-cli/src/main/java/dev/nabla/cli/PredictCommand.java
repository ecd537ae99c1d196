package dev.nabla.cli;

import dev.nabla.io.data.CsvReader;
import dev.nabla.io.data.IdxReader;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nabla predict}: a model's predictions for a data file, as CSV. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Predicts with a model: CSV or IDX in, CSV out.",
      "A CSV with a header is matched to the model's features by name (other columns are"
          + " ignored); without a header it must hold exactly the features, in order."
    })
final class PredictCommand implements Callable<Integer> {
  @Option(
      names = {"-m", "--model"},
      required = true,
      paramLabel = "FILE",
      description = "the model file")
  Path modelFile;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE",
      description = "a CSV file, or IDX images")
  Path data;

  @Option(
      names = "--idx",
      description = "--data is an IDX file (detected from .idx or -ubyte names otherwise)")
  boolean idx;

  @Option(
      names = "--delimiter",
      paramLabel = "CHAR",
      converter = DelimiterConverter.class,
      defaultValue = ",",
      description = "CSV field separator (default ,)")
  char delimiter;

  @Option(names = "--no-header", description = "the CSV has no header row")
  boolean noHeader;

  @Option(names = "--probabilities", description = "add a probability column per class")
  boolean probabilities;

  @Option(
      names = "--keep",
      split = ",",
      paramLabel = "COLUMN",
      description =
          "pass these CSV columns (an id, say) through to the output, before the predictions")
  List<String> keep;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "write here instead of to standard output")
  Path output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Model model = ModelFile.read(modelFile);
    String name = data.getFileName().toString();
    boolean isIdx = idx || name.contains("-ubyte") || name.contains(".idx");
    // Raw features in float64, whatever the network's precision: the model scales them in
    // float64 as training did, and only then casts them (IDX may hold int32 or float64 values).
    Tensor features =
        isIdx
            ? IdxReader.read(data, DType.FLOAT64)
            : CsvReader.readFeatures(data, delimiter, !noHeader, model.featureNames());
    if (features.columns() != model.network().inputSize()) {
      throw new IllegalArgumentException(
          data
              + " has "
              + features.columns()
              + " features; the model takes "
              + model.network().inputSize());
    }
    List<String[]> kept = List.of();
    if (keep != null && !keep.isEmpty()) {
      if (isIdx || noHeader) {
        throw new IllegalArgumentException(
            "--keep names CSV columns, so it needs a CSV file with a header");
      }
      kept = CsvReader.readText(data, delimiter, keep);
    }
    StringBuilder csv = new StringBuilder();
    if (keep != null) {
      for (String column : keep) {
        csv.append(quote(column)).append(',');
      }
    }
    if (probabilities && !model.hasProbabilities()) {
      throw new IllegalArgumentException(
          modelFile
              + " was trained with "
              + model.loss()
              + ": its outputs are scores, not probabilities, so --probabilities has none to give");
    }
    if (model.isClassification()) {
      // The class is the largest output, whether the outputs are probabilities or scores.
      Tensor p = model.hasProbabilities() ? model.probabilities(features) : model.outputs(features);
      csv.append("prediction");
      if (probabilities) {
        for (String label : model.labelNames()) {
          csv.append(',').append(quote("p(" + label + ")"));
        }
      }
      csv.append('\n');
      for (int row = 0; row < p.rows(); row++) {
        int best = 0;
        for (int c = 1; c < p.columns(); c++) {
          best = p.get(row, c) > p.get(row, best) ? c : best;
        }
        passThrough(csv, kept, row);
        csv.append(quote(model.labelNames().get(best)));
        if (probabilities) {
          for (int c = 0; c < p.columns(); c++) {
            csv.append(String.format(Locale.ROOT, ",%.6g", p.get(row, c)));
          }
        }
        csv.append('\n');
      }
    } else {
      Tensor outputs = model.outputs(features);
      for (int c = 0; c < outputs.columns(); c++) {
        csv.append(c == 0 ? "" : ",")
            .append(outputs.columns() == 1 ? "prediction" : "prediction " + (c + 1));
      }
      csv.append('\n');
      for (int row = 0; row < outputs.rows(); row++) {
        passThrough(csv, kept, row);
        for (int c = 0; c < outputs.columns(); c++) {
          csv.append(c == 0 ? "" : ",")
              .append(String.format(Locale.ROOT, "%.9g", outputs.get(row, c)));
        }
        csv.append('\n');
      }
    }
    Output.write(spec.commandLine().getOut(), output, csv);
    return 0;
  }

  /** The kept columns' values of one row, each followed by a comma. */
  private static void passThrough(StringBuilder csv, List<String[]> kept, int row) {
    if (!kept.isEmpty()) {
      for (String value : kept.get(row)) {
        csv.append(quote(value)).append(',');
      }
    }
  }

  private static String quote(String field) {
    return field.contains(",")
            || field.contains("\"")
            || field.contains("\n")
            || field.contains("\r")
        ? "\"" + field.replace("\"", "\"\"") + "\""
        : field;
  }
}
