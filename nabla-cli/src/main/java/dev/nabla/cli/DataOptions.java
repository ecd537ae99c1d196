package dev.nabla.cli;

import dev.nabla.io.data.CsvOptions;
import dev.nabla.io.data.CsvReader;
import dev.nabla.io.data.DataException;
import dev.nabla.io.data.Dataset;
import dev.nabla.io.data.IdxReader;
import dev.nabla.tensor.DType;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where labelled data comes from: a CSV file with target columns, or IDX images and labels. */
final class DataOptions {
  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE",
      description = "a CSV file, or IDX images (with --labels), gzipped or not")
  Path data;

  @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels for IDX --data")
  Path labels;

  @Option(
      names = "--target",
      split = ",",
      paramLabel = "COLUMN",
      description = "CSV target column(s), by header name, 0-based index or 'last' (the default)")
  List<String> targets;

  @Option(names = "--regression", description = "the targets are numbers to predict, not classes")
  boolean regression;

  @Option(
      names = "--classes",
      description =
          "the target's numbers are class ids, however many (without it, fractions or over a"
              + " hundred distinct numbers are taken for quantities and refused as classes)")
  boolean numberedClasses;

  @Option(
      names = "--delimiter",
      converter = DelimiterConverter.class,
      paramLabel = "CHAR",
      defaultValue = ",",
      description = "CSV field separator (default ,)")
  char delimiter;

  @Option(names = "--no-header", description = "the CSV has no header row")
  boolean noHeader;

  /**
   * The features of the data read last, by whose names another file's columns are read: a test file
   * laid out differently from the training file is still read feature for feature.
   */
  private List<String> featureNames;

  /** The same reading options for another file (test data), matching the features read last. */
  DataOptions copyFor(Path file, Path fileLabels) {
    DataOptions copy = new DataOptions();
    copy.featureNames = featureNames;
    copy.data = file;
    copy.labels = fileLabels;
    copy.targets = targets;
    copy.regression = regression;
    copy.numberedClasses = numberedClasses;
    copy.delimiter = delimiter;
    copy.noHeader = noHeader;
    return copy;
  }

  /**
   * The data set for an existing model: its features are the model's, matched by name as {@code
   * predict} matches them, its classes are the model's, and its targets are numbers if the model
   * regresses.
   */
  Dataset loadFor(dev.nabla.io.model.Model model, DType dtype) {
    regression = !model.isClassification();
    featureNames = model.featureNames();
    Dataset dataset = load(model.isClassification() ? model.labelNames() : null, dtype);
    if (dataset.features().columns() != model.network().inputSize()) {
      throw new IllegalArgumentException(
          data
              + " has "
              + dataset.features().columns()
              + " features; the model takes "
              + model.network().inputSize());
    }
    int predicted = model.network().outputSize();
    if (regression && dataset.targets().columns() != predicted) {
      throw new IllegalArgumentException(
          data
              + ": --target names "
              + dataset.targets().columns()
              + " column(s), but the model predicts "
              + predicted
              + " values; name one target column for each");
    }
    return dataset;
  }

  boolean isIdx() {
    return labels != null;
  }

  /**
   * The data set; for test data, {@code knownLabels} are the training classes, and the features are
   * those read last (see {@link #copyFor}).
   */
  Dataset load(List<String> knownLabels, DType dtype) {
    Dataset dataset = isIdx() ? idx(knownLabels, dtype) : csv(knownLabels);
    featureNames = dataset.featureNames();
    return dataset;
  }

  private Dataset idx(List<String> knownLabels, DType dtype) {
    Dataset dataset = IdxReader.labelled(data, labels, dtype, knownLabels);
    if (featureNames != null && dataset.featureNames().size() != featureNames.size()) {
      throw new DataException(
          data
              + " holds "
              + dataset.featureNames().size()
              + " values per image; the training data hold "
              + featureNames.size());
    }
    return dataset;
  }

  private Dataset csv(List<String> knownLabels) {
    // Read as CSV, IDX images failed with "Input length = 1", a decoder's word for a bad byte.
    if (IdxReader.looksLikeIdx(data)) {
      throw new DataException(
          data + " is an IDX file, not CSV; give the labels of its images with --labels FILE");
    }
    List<String> columns = targets == null || targets.isEmpty() ? List.of("last") : targets;
    if (regression && numberedClasses) {
      throw new IllegalArgumentException(
          "--regression and --classes contradict each other: the targets are numbers to predict,"
              + " or class ids, not both");
    }
    CsvOptions options =
        new CsvOptions(delimiter, !noHeader, columns, !regression, numberedClasses);
    return CsvReader.read(data, options, knownLabels, featureNames);
  }
}
