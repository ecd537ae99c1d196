package dev.nabla.playground;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file dropped on the page: numeric feature columns and a target in the last column. The
 * first line is a header if any of its cells is not a number. A target of whole numbers with at
 * most {@link #MAX_CLASSES} values, or of text, is a class; else a value. Every fault is one line
 * naming the line and column.
 */
final class CsvData {
  /** Most rows the page trains on. */
  static final int MAX_ROWS = 20_000;

  /** Most columns. */
  static final int MAX_COLUMNS = 64;

  /** Most classes a whole-number target may have and still be read as classes. */
  static final int MAX_CLASSES = 10;

  private CsvData() {}

  /**
   * The rows of {@code text}, all as training rows (the setup's test fraction is held out later).
   *
   * @throws IllegalArgumentException naming the file, line and column at fault
   */
  static Dataset read(String name, String text) {
    List<String[]> lines = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    String[] raw = text == null ? new String[0] : text.split("\n", -1);
    char delimiter = 0;
    for (int at = 0; at < raw.length; at++) {
      String line = raw[at].endsWith("\r") ? raw[at].substring(0, raw[at].length() - 1) : raw[at];
      if (line.trim().isEmpty()) {
        continue;
      }
      if (delimiter == 0) {
        delimiter = line.indexOf(',') >= 0 ? ',' : line.indexOf(';') >= 0 ? ';' : '\t';
      }
      lines.add(line.split(delimiter == '\t' ? "\t" : String.valueOf(delimiter), -1));
      lineNumbers.add(at + 1);
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(name + ": the file is empty: no header and no rows");
    }
    String[] first = lines.get(0);
    boolean header = false;
    for (String cell : first) {
      if (!isNumber(cell)) {
        header = true;
      }
    }
    int columns = first.length;
    if (columns < 2) {
      throw new IllegalArgumentException(
          name
              + ": line "
              + lineNumbers.get(0)
              + " has one column; the page needs features and a target in the last column,"
              + " separated by commas");
    }
    if (columns > MAX_COLUMNS) {
      throw new IllegalArgumentException(
          name + ": " + columns + " columns is more than the page takes (" + MAX_COLUMNS + ")");
    }
    int start = header ? 1 : 0;
    int rows = lines.size() - start;
    if (rows == 0) {
      throw new IllegalArgumentException(name + ": the file has a header but no rows of data");
    }
    if (rows > MAX_ROWS) {
      throw new IllegalArgumentException(
          name + ": " + rows + " rows is more than the page trains on (" + MAX_ROWS + ")");
    }
    String[] names = new String[columns - 1];
    for (int column = 0; column < columns - 1; column++) {
      names[column] = header ? first[column].trim() : "x" + column;
    }
    double[][] x = new double[rows][columns - 1];
    String[] targets = new String[rows];
    for (int row = 0; row < rows; row++) {
      String[] cells = lines.get(start + row);
      int line = lineNumbers.get(start + row);
      if (cells.length != columns) {
        throw new IllegalArgumentException(
            name
                + ": line "
                + line
                + " has "
                + cells.length
                + " columns, the first has "
                + columns);
      }
      for (int column = 0; column < columns - 1; column++) {
        String cell = cells[column].trim();
        if (!isNumber(cell)) {
          throw new IllegalArgumentException(
              name
                  + ": line "
                  + line
                  + ", column "
                  + (column + 1)
                  + (header ? " (" + names[column] + ")" : "")
                  + ": '"
                  + cell
                  + "' is not a number");
        }
        x[row][column] = Double.parseDouble(cell);
      }
      targets[row] = cells[columns - 1].trim();
      if (targets[row].isEmpty()) {
        throw new IllegalArgumentException(
            name + ": line " + line + ", column " + columns + ": the target is empty");
      }
    }
    return withTargets(name, x, targets, names);
  }

  private static Dataset withTargets(String name, double[][] x, String[] targets, String[] names) {
    boolean numeric = true;
    boolean whole = true;
    Map<String, Integer> labels = new LinkedHashMap<>();
    for (String target : targets) {
      if (isNumber(target)) {
        double value = Double.parseDouble(target);
        whole &= value == Math.rint(value);
      } else {
        numeric = false;
      }
      if (labels.size() <= MAX_CLASSES + 1) {
        labels.putIfAbsent(normalise(target), labels.size());
      }
    }
    boolean classes = !numeric || (whole && labels.size() <= MAX_CLASSES);
    int rows = x.length;
    if (!classes) {
      double[][] y = new double[rows][1];
      for (int row = 0; row < rows; row++) {
        y[row][0] = Double.parseDouble(targets[row]);
      }
      return new Dataset(
          x, y, new double[0][], new double[0][], 0, names, 0, new String[0], null, null);
    }
    if (labels.size() > MAX_CLASSES) {
      throw new IllegalArgumentException(
          name + ": the last column has text with more than " + MAX_CLASSES + " classes");
    }
    if (labels.size() < 2) {
      throw new IllegalArgumentException(
          name
              + ": every row has the class '"
              + targets[0]
              + "': a classifier needs at least two classes in the last column");
    }
    double[][] y = new double[rows][labels.size()];
    for (int row = 0; row < rows; row++) {
      y[row][labels.get(normalise(targets[row]))] = 1;
    }
    // Each class by its first spelling in the file.
    String[] labelNames = new String[labels.size()];
    for (String target : targets) {
      int label = labels.get(normalise(target));
      if (labelNames[label] == null) {
        labelNames[label] = target;
      }
    }
    return new Dataset(
        x, y, new double[0][], new double[0][], labels.size(), names, 0, labelNames, null, null);
  }

  /** "1" and "1.0" are one class. */
  private static String normalise(String target) {
    return isNumber(target) ? String.valueOf(Double.parseDouble(target)) : target;
  }

  private static boolean isNumber(String cell) {
    String text = cell.trim();
    if (text.isEmpty()) {
      return false;
    }
    for (int at = 0; at < text.length(); at++) {
      char c = text.charAt(at);
      if (!(Character.isDigit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        return false;
      }
    }
    try {
      return Double.isFinite(Double.parseDouble(text));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
