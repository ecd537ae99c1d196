package dev.nabla.io.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a labelled data set from a CSV file (RFC 4180 quoting, via Apache Commons CSV).
 *
 * <p>Every column that is not a target is a numeric feature. Classification labels may be any text;
 * their classes are the distinct labels in sorted order (numerically if all are numbers), unless
 * the labels of a training set are given, in which case a label outside them is an error. Lines and
 * columns in messages count from 1, as an editor shows them.
 */
public final class CsvReader {
  private CsvReader() {}

  /** Reads a training set: the labels found define the classes. */
  public static Dataset read(Path path, CsvOptions options) {
    return read(path, options, null);
  }

  /**
   * Reads a data set whose classes must be {@code knownLabels} (those of the training set), or
   * define them if null.
   *
   * @throws DataException naming the file, line and column of the first problem
   */
  public static Dataset read(Path path, CsvOptions options, List<String> knownLabels) {
    Table table = table(path, options.delimiter(), options.header());
    List<String[]> rows = table.rows();
    List<Long> lines = table.lines();
    List<String> header = table.header();
    int width = header.size();
    int[] targetColumns = new int[options.targets().size()];
    for (int t = 0; t < targetColumns.length; t++) {
      targetColumns[t] = column(path, header, options.targets().get(t), options.header());
    }
    List<Integer> featureColumns = new ArrayList<>();
    List<String> featureNames = new ArrayList<>();
    for (int column = 0; column < width; column++) {
      boolean isTarget = false;
      for (int target : targetColumns) {
        isTarget |= target == column;
      }
      if (!isTarget) {
        featureColumns.add(column);
        featureNames.add(header.get(column));
      }
    }
    Tensor features = Tensor.zeros(DType.FLOAT64, rows.size(), featureColumns.size());
    for (int row = 0; row < rows.size(); row++) {
      for (int f = 0; f < featureColumns.size(); f++) {
        int column = featureColumns.get(f);
        features.set(row, f, number(path, lines.get(row), column, header, rows.get(row)[column]));
      }
    }
    if (!options.classification()) {
      Tensor targets = Tensor.zeros(DType.FLOAT64, rows.size(), targetColumns.length);
      for (int row = 0; row < rows.size(); row++) {
        for (int t = 0; t < targetColumns.length; t++) {
          int column = targetColumns[t];
          targets.set(row, t, number(path, lines.get(row), column, header, rows.get(row)[column]));
        }
      }
      return new Dataset(features, targets, featureNames, List.of(), path.toString());
    }
    int labelColumn = targetColumns[0];
    List<String> labels = knownLabels;
    if (labels == null) {
      TreeSet<String> distinct = new TreeSet<>(labelOrder(rows, labelColumn));
      for (String[] fields : rows) {
        distinct.add(fields[labelColumn].trim());
      }
      labels = List.copyOf(distinct);
    }
    Tensor targets = Tensor.zeros(DType.FLOAT64, rows.size(), labels.size());
    for (int row = 0; row < rows.size(); row++) {
      String label = rows.get(row)[labelColumn].trim();
      int index = labels.indexOf(label);
      if (index < 0) {
        throw new DataException(
            where(path, lines.get(row), labelColumn, header)
                + ": label \""
                + label
                + "\" was never seen in the training data, whose labels are "
                + labels);
      }
      targets.set(row, index, 1);
    }
    return new Dataset(features, targets, featureNames, labels, path.toString());
  }

  /** The records of a CSV file, with the line each starts on and the column names. */
  private record Table(List<String> header, List<String[]> rows, List<Long> lines) {}

  private static Table table(Path path, char delimiter, boolean hasHeader) {
    List<String[]> rows = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    List<String> header;
    CSVFormat format =
        CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
    try {
      String text = Files.readString(path, StandardCharsets.UTF_8);
      // Where each line starts, to turn a record's character position into its line.
      List<Integer> lineStarts = new ArrayList<>(List.of(0));
      for (int at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
        lineStarts.add(at + 1);
      }
      try (CSVParser parser = CSVParser.parse(text, format)) {
        for (CSVRecord record : parser) {
          rows.add(record.values());
          // The position is where the parser began, before any empty lines it skipped.
          int start = (int) record.getCharacterPosition();
          while (start < text.length()
              && (text.charAt(start) == '\n' || text.charAt(start) == '\r')) {
            start++;
          }
          int found = Collections.binarySearch(lineStarts, start);
          lines.add((long) (found >= 0 ? found + 1 : -found - 1));
        }
      }
    } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
      throw new DataException(path + ": cannot read it as CSV: " + e.getMessage(), e);
    }
    if (rows.isEmpty()) {
      throw new DataException(path + " is empty: no header and no rows");
    }
    int width = rows.get(0).length;
    if (hasHeader) {
      header = List.of(rows.remove(0));
      lines.remove(0);
    } else {
      List<String> names = new ArrayList<>();
      for (int column = 0; column < width; column++) {
        names.add("column " + (column + 1));
      }
      header = names;
    }
    if (rows.isEmpty()) {
      throw new DataException(path + " has a header but no rows");
    }
    for (int row = 0; row < rows.size(); row++) {
      if (rows.get(row).length != width) {
        throw new DataException(
            path
                + ", line "
                + lines.get(row)
                + ": "
                + rows.get(row).length
                + " fields, but "
                + (hasHeader ? "the header has " : "the first row has ")
                + width);
      }
    }
    return new Table(header, rows, lines);
  }

  /**
   * Reads only the named feature columns, in that order: by header name if the file has a header
   * (other columns, such as a target, are ignored), else the file must hold exactly those columns.
   *
   * @throws DataException naming the file, line and column of the first problem
   */
  public static Tensor readFeatures(Path path, char delimiter, boolean header, List<String> names) {
    Table table = table(path, delimiter, header);
    List<String> columnNames = table.header();
    if (!header && columnNames.size() != names.size()) {
      throw new DataException(
          path
              + ": rows have "
              + columnNames.size()
              + " columns, the model needs "
              + names.size()
              + " features "
              + names);
    }
    int[] columns = new int[names.size()];
    for (int f = 0; f < columns.length; f++) {
      columns[f] = header ? columnNames.indexOf(names.get(f)) : f;
      if (columns[f] < 0) {
        throw new DataException(
            path
                + ": no column named '"
                + names.get(f)
                + "'; the model needs "
                + names
                + ", the file has "
                + columnNames);
      }
    }
    Tensor features = Tensor.zeros(DType.FLOAT64, table.rows().size(), names.size());
    for (int row = 0; row < table.rows().size(); row++) {
      for (int f = 0; f < columns.length; f++) {
        features.set(
            row,
            f,
            number(
                path,
                table.lines().get(row),
                columns[f],
                columnNames,
                table.rows().get(row)[columns[f]]));
      }
    }
    return features;
  }

  /** Sorted numerically when every label is a number ("2" before "10"), else as text. */
  private static Comparator<String> labelOrder(List<String[]> rows, int column) {
    for (String[] fields : rows) {
      try {
        Double.parseDouble(fields[column].trim());
      } catch (NumberFormatException notANumber) {
        return Comparator.naturalOrder();
      }
    }
    return Comparator.comparingDouble((String label) -> Double.parseDouble(label))
        .thenComparing(Comparator.naturalOrder());
  }

  private static int column(Path path, List<String> header, String target, boolean named) {
    if (target.equals("last") && !header.contains("last")) {
      return header.size() - 1;
    }
    if (named) {
      int index = header.indexOf(target);
      if (index >= 0) {
        return index;
      }
    }
    try {
      int index = Integer.parseInt(target.trim());
      if (index < 0 || index >= header.size()) {
        throw new DataException(
            path
                + ": target column index "
                + index
                + " is out of range; rows have "
                + header.size()
                + " columns, indexed from 0");
      }
      return index;
    } catch (NumberFormatException notAnIndex) {
      throw new DataException(
          path
              + ": no column named '"
              + target
              + "'"
              + (named
                  ? "; the columns are " + header
                  : "; the file has no header, so give a 0-based index"));
    }
  }

  private static double number(Path path, long line, int column, List<String> header, String text) {
    try {
      double value = Double.parseDouble(text.trim());
      if (!Double.isFinite(value)) {
        throw new DataException(
            where(path, line, column, header) + ": \"" + text + "\" is not a finite number");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new DataException(
          where(path, line, column, header) + ": \"" + text + "\" is not a number");
    }
  }

  private static String where(Path path, long line, int column, List<String> header) {
    return path + ", line " + line + ", column " + (column + 1) + " (" + header.get(column) + ")";
  }
}
