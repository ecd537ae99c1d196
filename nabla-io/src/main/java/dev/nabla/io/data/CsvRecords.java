package dev.nabla.io.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The records of a CSV file as a stream, so that a file larger than memory holds only its current
 * record, each with the line it starts on and checked against the width of the first.
 */
final class CsvRecords implements Closeable {
  private final Path path;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final boolean hasHeader;
  private final List<String> header;
  private String[] first;
  private long line;
  private long count;

  private CsvRecords(Path path, CSVParser parser, boolean hasHeader) {
    this.path = path;
    this.parser = parser;
    this.records = parser.iterator();
    this.hasHeader = hasHeader;
    String[] top = nextRecord();
    if (top == null) {
      throw new DataException(path + " is empty: no header and no rows");
    }
    if (hasHeader) {
      header = List.of(top);
      refuseDuplicates();
    } else {
      List<String> names = new ArrayList<>();
      for (int column = 0; column < top.length; column++) {
        names.add("column " + (column + 1));
      }
      header = List.copyOf(names);
      first = top;
    }
  }

  /**
   * Opens {@code path}: its header (or, without one, names "column 1", "column 2", … as wide as the
   * first row) is read at once.
   *
   * @throws DataException if the file cannot be read or is empty
   */
  static CsvRecords open(Path path, char delimiter, boolean hasHeader) {
    CSVFormat format =
        CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
    Reader reader = null;
    try {
      reader = new Utf8Reader(path, DataFiles.open(path));
      return new CsvRecords(path, CSVParser.parse(reader, format), hasHeader);
    } catch (IOException e) {
      throw new DataException(path + ": cannot read it as CSV: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(reader, e);
      throw e;
    }
  }

  /** Two columns of one name would be ambiguous to whatever matches columns by name. */
  private void refuseDuplicates() {
    Map<String, Integer> seen = new HashMap<>();
    for (int column = 0; column < header.size(); column++) {
      Integer earlier = seen.putIfAbsent(header.get(column), column);
      if (earlier != null && !header.get(column).isEmpty()) {
        throw new DataException(
            path
                + ": columns "
                + (earlier + 1)
                + " and "
                + (column + 1)
                + " are both named '"
                + Echo.cut(header.get(column))
                + "'; give every column its own name");
      }
    }
  }

  /** The column names. */
  List<String> header() {
    return header;
  }

  /**
   * The next row's fields, or null after the last.
   *
   * @throws DataException if the row's width differs from the first's, or if there are no rows
   */
  String[] next() {
    String[] fields = first != null ? first : nextRecord();
    first = null;
    if (fields == null) {
      if (count == 0) {
        throw new DataException(path + " has a header but no rows");
      }
      return null;
    }
    count++;
    if (fields.length != header.size()) {
      throw new DataException(
          path
              + ", line "
              + line
              + ": "
              + fields.length
              + " fields, but "
              + (hasHeader ? "the header has " : "the first row has ")
              + header.size());
    }
    return fields;
  }

  /** The line the row {@link #next} returned last starts on, counting from 1. */
  long line() {
    return line;
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String[] nextRecord() {
    try {
      if (!records.hasNext()) {
        return null;
      }
      String[] values = records.next().values();
      // The parser counts the lines it has read; the record ends on the last of them.
      line = parser.getCurrentLineNumber() - lineBreaks(values);
      return values;
    } catch (UncheckedIOException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new DataException(path + ": cannot read it as CSV: " + cause.getMessage(), e);
    }
  }

  /** The line breaks inside quoted fields, each counted as the parser counts them. */
  private static int lineBreaks(String[] values) {
    int breaks = 0;
    for (String value : values) {
      for (int at = 0; at < value.length(); at++) {
        char c = value.charAt(at);
        if (c == '\r' || (c == '\n' && (at == 0 || value.charAt(at - 1) != '\r'))) {
          breaks++;
        }
      }
    }
    return breaks;
  }

  private static void closeQuietly(Closeable closeable, Exception failure) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
