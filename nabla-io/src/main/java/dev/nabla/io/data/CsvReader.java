package dev.nabla.io.data;

import static dev.nabla.io.data.Echo.cut;
import static dev.nabla.io.data.Echo.list;
import static dev.nabla.io.data.Echo.quote;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Float64Tensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a labelled data set from a CSV file (RFC 4180 quoting, via Apache Commons CSV).
 *
 * <p>Every column that is not a target is a numeric feature. Classification labels may be any text;
 * their classes are the distinct labels in sorted order (numerically if all are numbers), unless
 * the labels of a training set are given, in which case a label outside them is an error. Lines and
 * columns in messages count from 1, as an editor shows them. The file is read as a stream: only the
 * numbers it holds are kept, never its text.
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
    return read(path, options, knownLabels, null);
  }

  /**
   * Reads a data set for a model: its features are the columns named {@code featureNames}, in that
   * order, wherever they stand in the file (or, in a file without header, every column but the
   * targets, which must be as many); other columns are ignored. Its classes must be {@code
   * knownLabels}, or define them if null.
   *
   * @param featureNames the features to read; null for every column that is not a target
   * @throws DataException naming the file, line and column of the first problem
   */
  public static Dataset read(
      Path path, CsvOptions options, List<String> knownLabels, List<String> featureNames) {
    try (CsvRecords records = CsvRecords.open(path, options.delimiter(), options.header())) {
      List<String> header = records.header();
      int[] targetColumns = targetColumns(path, header, options);
      int[] featureColumns =
          featureNames == null
              ? namedOthers(path, header, targetColumns)
              : featureColumns(path, header, options.header(), featureNames, targetColumns);
      Columns features = new Columns(path, header, featureColumns);
      if (!options.classification()) {
        Columns targets = new Columns(path, header, targetColumns);
        for (String[] fields = records.next(); fields != null; fields = records.next()) {
          features.add(fields, records.line());
          targets.add(fields, records.line());
        }
        return new Dataset(
            features.tensor(), targets.tensor(), features.names(), List.of(), path.toString());
      }
      Labels labels =
          new Labels(path, header, targetColumns[0], knownLabels, options.numberedClasses());
      for (String[] fields = records.next(); fields != null; fields = records.next()) {
        features.add(fields, records.line());
        labels.add(fields, records.line());
      }
      return new Dataset(
          features.tensor(), labels.oneHot(), features.names(), labels.names(), path.toString());
    }
  }

  /**
   * Reads only the named feature columns, in that order: by header name if the file has a header
   * (other columns, such as a target, are ignored), else the file must hold exactly those columns.
   *
   * @throws DataException naming the file, line and column of the first problem
   */
  public static Tensor readFeatures(Path path, char delimiter, boolean header, List<String> names) {
    try (CsvRecords records = CsvRecords.open(path, delimiter, header)) {
      Columns features =
          new Columns(
              path,
              records.header(),
              featureColumns(path, records.header(), header, names, new int[0]));
      for (String[] fields = records.next(); fields != null; fields = records.next()) {
        features.add(fields, records.line());
      }
      return features.tensor();
    }
  }

  /**
   * The named columns as text, row by row (each row's values in the order of {@code names}): what
   * {@code predict} passes through, such as an id column, beside its predictions.
   *
   * @throws DataException naming the file and a column it does not have
   */
  public static List<String[]> readText(Path path, char delimiter, List<String> names) {
    try (CsvRecords records = CsvRecords.open(path, delimiter, true)) {
      List<String> header = records.header();
      int[] columns = new int[names.size()];
      for (int index = 0; index < columns.length; index++) {
        columns[index] = header.indexOf(names.get(index));
        if (columns[index] < 0) {
          throw new DataException(
              path + ": no column named '" + cut(names.get(index)) + "' to pass through");
        }
      }
      List<String[]> rows = new ArrayList<>();
      for (String[] fields = records.next(); fields != null; fields = records.next()) {
        String[] row = new String[columns.length];
        for (int index = 0; index < columns.length; index++) {
          row[index] = fields[columns[index]];
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /** The columns of the targets, each named once. */
  private static int[] targetColumns(Path path, List<String> header, CsvOptions options) {
    int[] columns = new int[options.targets().size()];
    for (int t = 0; t < columns.length; t++) {
      columns[t] = column(path, header, options.targets().get(t), options.header());
      if (contains(Arrays.copyOf(columns, t), columns[t])) {
        throw new DataException(
            path
                + ": --target names column "
                + (columns[t] + 1)
                + " ("
                + cut(header.get(columns[t]))
                + ") twice");
      }
    }
    return columns;
  }

  /** The columns that are not targets, each of which must have a name to be a feature by. */
  private static int[] namedOthers(Path path, List<String> header, int[] targetColumns) {
    int[] others = others(header, targetColumns);
    if (others.length == 0) {
      throw new DataException(
          path
              + ": every column is a target; there are no features to learn from"
              + (header.size() == 1
                  ? " (the file reads as one column: is --delimiter right?)"
                  : ""));
    }
    for (int column : others) {
      if (header.get(column).isEmpty()) {
        throw new DataException(
            path
                + ": column "
                + (column + 1)
                + " has no name; name every column (an unnamed first column is often a row"
                + " index, which is no feature)");
      }
    }
    return others;
  }

  /**
   * The columns of {@code names}: by name, so that data laid out differently from the training file
   * is read the same (a column matched by position would silently be another feature), or without a
   * header, every column but the targets, in order.
   */
  private static int[] featureColumns(
      Path path, List<String> header, boolean named, List<String> names, int[] targetColumns) {
    if (!named) {
      int[] others = others(header, targetColumns);
      if (others.length != names.size()) {
        throw new DataException(
            path
                + ": rows have "
                + others.length
                + " columns"
                + (targetColumns.length > 0 ? " besides the target" : "")
                + "; without a header they are taken in order as the "
                + names.size()
                + " features "
                + list(names));
      }
      return others;
    }
    int[] columns = new int[names.size()];
    for (int f = 0; f < columns.length; f++) {
      columns[f] = header.indexOf(names.get(f));
      if (columns[f] < 0) {
        throw new DataException(
            path
                + ": no column named '"
                + cut(names.get(f))
                + "'; the features are "
                + list(names)
                + ", the file has "
                + list(header));
      }
      if (contains(targetColumns, columns[f])) {
        throw new DataException(
            path
                + ": the target column '"
                + cut(names.get(f))
                + "' is one of the features "
                + list(names)
                + "; name the target column with --target");
      }
    }
    return columns;
  }

  private static int[] others(List<String> header, int[] targetColumns) {
    List<Integer> others = new ArrayList<>();
    for (int column = 0; column < header.size(); column++) {
      if (!contains(targetColumns, column)) {
        others.add(column);
      }
    }
    return others.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Numeric columns read row by row into a matrix. */
  private static final class Columns {
    private final Path path;
    private final List<String> header;
    private final int[] columns;
    private final GrowingDoubles values = new GrowingDoubles();
    private int rows;

    Columns(Path path, List<String> header, int[] columns) {
      this.path = path;
      this.header = header;
      this.columns = columns;
    }

    void add(String[] fields, long line) {
      if ((long) (rows + 1) * columns.length > GrowingDoubles.MAX) {
        throw new DataException(
            path
                + ", line "
                + line
                + ": too many values to hold; a tensor holds at most "
                + GrowingDoubles.MAX);
      }
      for (int column : columns) {
        values.add(number(path, line, column, header, fields[column]));
      }
      rows++;
    }

    List<String> names() {
      List<String> names = new ArrayList<>();
      for (int column : columns) {
        names.add(header.get(column));
      }
      return names;
    }

    Tensor tensor() {
      return Float64Tensor.wrap(Shape.matrix(rows, columns.length), values.toArray());
    }
  }

  /** A column of class labels: each row's class, and the classes themselves, found or given. */
  private static final class Labels {
    /** Beyond this many whole numbers, a target is taken for a quantity, not classes. */
    private static final int MOST_NUMBERED_CLASSES = 100;

    /** Beyond this many whole numbers, a target with gaps is taken for a quantity. */
    private static final int MOST_GAPPED_CLASSES = 10;

    private final Path path;
    private final List<String> header;
    private final int column;
    private final List<String> known;
    private final boolean numbered;
    private final Map<String, Integer> ids = new HashMap<>();
    private final GrowingDoubles rowIds = new GrowingDoubles();
    private List<String> classes;

    Labels(Path path, List<String> header, int column, List<String> known, boolean numbered) {
      this.numbered = numbered;
      this.path = path;
      this.header = header;
      this.column = column;
      this.known = known;
      if (known != null) {
        for (String label : known) {
          ids.put(label, ids.size());
        }
      }
    }

    void add(String[] fields, long line) {
      String label = fields[column].strip();
      if (label.isEmpty()) {
        throw new DataException(
            where(path, line, column, header) + ": the label is empty; every row needs one");
      }
      Integer id = ids.get(label);
      if (id == null) {
        if (known != null) {
          throw new DataException(
              where(path, line, column, header)
                  + ": label "
                  + quote(label)
                  + " was never seen in the training data, whose labels are "
                  + list(known));
        }
        id = ids.size();
        ids.put(label, id);
      }
      rowIds.add(id);
    }

    /** The classes in order: as given, or those found, sorted, once checked that they can be. */
    List<String> names() {
      if (classes == null) {
        classes = known;
        if (classes == null) {
          TreeSet<String> sorted = new TreeSet<>(labelOrder(ids.keySet()));
          sorted.addAll(ids.keySet());
          classes = List.copyOf(sorted);
          check(classes);
        }
      }
      return classes;
    }

    /**
     * Refuses labels that cannot be meant as classes: one alone, or numbers that are surely
     * quantities (fractions, or more than {@value #MOST_NUMBERED_CLASSES} of them), or one number
     * written two ways, which would be two classes.
     */
    private void check(List<String> sorted) {
      String where = path + ", column " + (column + 1) + " (" + cut(header.get(column)) + ")";
      if (sorted.size() < 2) {
        throw new DataException(
            where
                + ": every label is "
                + quote(sorted.get(0))
                + "; a classifier needs at least two classes");
      }
      for (String label : sorted) {
        if (!Double.isFinite(plainNumber(label))) {
          return;
        }
      }
      if (numbered) {
        checkWrittenOnce(sorted, where);
        return;
      }
      for (String label : sorted) {
        double value = plainNumber(label);
        if (value != Math.rint(value)) {
          throw new DataException(
              where
                  + ": the target holds numbers that are not whole, such as "
                  + cut(label)
                  + "; to predict numbers pass --regression (or --classes if they are class ids)");
        }
      }
      if (sorted.size() > MOST_NUMBERED_CLASSES) {
        throw new DataException(
            where
                + ": the target holds "
                + sorted.size()
                + " distinct numbers; to predict numbers pass --regression, or --classes if they are"
                + " class ids");
      }
      double low = plainNumber(sorted.get(0));
      double high = plainNumber(sorted.get(sorted.size() - 1));
      if (sorted.size() > MOST_GAPPED_CLASSES && high - low + 1 != sorted.size()) {
        // Class ids count up without gaps (0–9, 1–12); prices and ages do not.
        throw new DataException(
            where
                + ": the target holds "
                + sorted.size()
                + " distinct whole numbers from "
                + sorted.get(0)
                + " to "
                + sorted.get(sorted.size() - 1)
                + " with gaps, which look like quantities, not class ids; to predict numbers pass"
                + " --regression, or --classes if they are class ids");
      }
      checkWrittenOnce(sorted, where);
    }

    /** One number written two ways ("1", "1.0") would be two classes. */
    private static void checkWrittenOnce(List<String> sorted, String where) {
      for (int at = 1; at < sorted.size(); at++) {
        if (plainNumber(sorted.get(at - 1)) == plainNumber(sorted.get(at))) {
          throw new DataException(
              where
                  + ": labels "
                  + quote(sorted.get(at - 1))
                  + " and "
                  + quote(sorted.get(at))
                  + " are the same number written two ways, which would make two classes; write"
                  + " each class one way");
        }
      }
    }

    /** One row per sample, with a 1 in its class's column. */
    Tensor oneHot() {
      List<String> names = names();
      int[] classOfId = new int[ids.size()];
      for (Map.Entry<String, Integer> entry : ids.entrySet()) {
        classOfId[entry.getValue()] = names.indexOf(entry.getKey());
      }
      int rows = rowIds.size();
      if ((long) rows * names.size() > GrowingDoubles.MAX) {
        throw new DataException(
            path + ": " + rows + " rows of " + names.size() + " classes are too many to hold");
      }
      Tensor targets = Tensor.zeros(DType.FLOAT64, rows, names.size());
      for (int row = 0; row < rows; row++) {
        targets.set(row, classOfId[(int) rowIds.get(row)], 1);
      }
      return targets;
    }
  }

  /** Sorted numerically when every label is a number ("2" before "10"), else as text. */
  private static Comparator<String> labelOrder(Iterable<String> labels) {
    for (String label : labels) {
      if (!Double.isFinite(plainNumber(label))) {
        return Comparator.naturalOrder();
      }
    }
    return Comparator.comparingDouble(CsvReader::plainNumber)
        .thenComparing(Comparator.naturalOrder());
  }

  private static boolean contains(int[] values, int value) {
    for (int candidate : values) {
      if (candidate == value) {
        return true;
      }
    }
    return false;
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
              + cut(target)
              + "'"
              + (named
                  ? "; the columns are " + list(header)
                  : "; the file has no header, so give a 0-based index"));
    }
  }

  private static double number(Path path, long line, int column, List<String> header, String text) {
    double value = plainNumber(text);
    if (Double.isNaN(value)) {
      throw new DataException(
          where(path, line, column, header) + ": " + quote(text) + " is not a number");
    }
    if (Double.isInfinite(value)) {
      throw new DataException(
          where(path, line, column, header) + ": " + quote(text) + " is too large for a double");
    }
    return value;
  }

  /**
   * The value of a plain decimal number (an optional sign, digits with an optional fraction, an
   * optional exponent, spaces or tabs around it), or NaN if {@code text} is not one. Java's own
   * parser also takes {@code 1f}, {@code 0x1p3}, {@code NaN}, {@code Infinity} and control
   * characters around the number, which a CSV file never means as numbers.
   */
  static double plainNumber(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isBlank(text.charAt(start))) {
      start++;
    }
    while (end > start && isBlank(text.charAt(end - 1))) {
      end--;
    }
    int at = start;
    if (at < end && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
      at++;
    }
    int digits = 0;
    for (; at < end && isDigit(text.charAt(at)); at++) {
      digits++;
    }
    if (at < end && text.charAt(at) == '.') {
      for (at++; at < end && isDigit(text.charAt(at)); at++) {
        digits++;
      }
    }
    if (digits > 0 && at < end && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
      at++;
      if (at < end && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
        at++;
      }
      int exponentDigits = 0;
      for (; at < end && isDigit(text.charAt(at)); at++) {
        exponentDigits++;
      }
      digits = exponentDigits > 0 ? digits : 0;
    }
    return digits > 0 && at == end ? Double.parseDouble(text.substring(start, end)) : Double.NaN;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String where(Path path, long line, int column, List<String> header) {
    return path
        + ", line "
        + line
        + ", column "
        + (column + 1)
        + " ("
        + cut(header.get(column))
        + ")";
  }
}
