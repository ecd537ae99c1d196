package dev.nabla.io.data;

import java.util.List;
import java.util.Objects;

/**
 * How to read a CSV file.
 *
 * @param delimiter the field separator
 * @param header whether the first record names the columns
 * @param targets the target columns, each a header name, a 0-based column index, or {@code last}
 * @param classification whether the (single) target holds class labels, one-hot encoded; else the
 *     targets are numbers to regress
 * @param numberedClasses whether numeric labels are classes however many there are (class ids);
 *     otherwise labels that look like quantities — fractions, or over a hundred distinct numbers —
 *     are refused as classes
 */
public record CsvOptions(
    char delimiter,
    boolean header,
    List<String> targets,
    boolean classification,
    boolean numberedClasses) {
  /** Options under which numbers that look like quantities are refused as classes. */
  public CsvOptions(char delimiter, boolean header, List<String> targets, boolean classification) {
    this(delimiter, header, targets, classification, false);
  }

  public CsvOptions {
    targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("name at least one target column");
    }
    if (classification && targets.size() != 1) {
      throw new IllegalArgumentException(
          "classification takes one target column of labels, got " + targets);
    }
  }

  /** Comma-separated with a header, classifying on one column. */
  public static CsvOptions classification(String target) {
    return new CsvOptions(',', true, List.of(target), true);
  }

  /** Comma-separated with a header, regressing on the given columns. */
  public static CsvOptions regression(String... targets) {
    return new CsvOptions(',', true, List.of(targets), false);
  }
}
