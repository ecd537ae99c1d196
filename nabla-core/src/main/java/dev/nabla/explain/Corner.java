package dev.nabla.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * Which rows and columns of a big matrix a summary shows: the first ones and the last one, with an
 * ellipsis between, so that a {@code [2 × 32]} matrix still reads as two rows. An index of {@code
 * -1} marks the ellipsis.
 *
 * @param rows the row indices shown, -1 for the ellipsis
 * @param columns the column indices shown, -1 for the ellipsis
 */
public record Corner(List<Integer> rows, List<Integer> columns) {
  public Corner {
    rows = List.copyOf(rows);
    columns = List.copyOf(columns);
  }

  /**
   * The corner of {@code values} with at most {@code maxRows} rows and {@code maxColumns} columns.
   */
  public static Corner of(Values values, int maxRows, int maxColumns) {
    return new Corner(indices(values.rows(), maxRows), indices(values.columns(), maxColumns));
  }

  /** Whether everything is shown. */
  public boolean complete() {
    return !rows.contains(-1) && !columns.contains(-1);
  }

  private static List<Integer> indices(int count, int max) {
    List<Integer> shown = new ArrayList<>();
    if (count <= Math.max(max, 2)) {
      for (int index = 0; index < count; index++) {
        shown.add(index);
      }
      return shown;
    }
    for (int index = 0; index < Math.max(max, 2) - 1; index++) {
      shown.add(index);
    }
    shown.add(-1);
    shown.add(count - 1);
    return shown;
  }
}
