package dev.nabla.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Explanation} as Unicode text for a terminal: headings underlined, formulas indented,
 * matrices as aligned rows, big ones by their corner with {@code …} and {@code ⋮} where values are
 * left out, and their minimum, maximum and mean.
 */
public final class TextRenderer extends Renderer {
  private TextRenderer() {}

  /** The explanation as text. */
  public static String render(Explanation explanation) {
    return new TextRenderer().write(explanation);
  }

  @Override
  void heading(int level, String text) {
    blank();
    char rule = level == 1 ? '=' : level == 2 ? '-' : '~';
    out.append(text).append('\n').append(String.valueOf(rule).repeat(text.length())).append("\n\n");
  }

  @Override
  void line(String text) {
    out.append("  ").append(text).append('\n');
  }

  @Override
  String inline(Formula formula) {
    return formula.text();
  }

  @Override
  void display(Formula formula) {
    out.append("    ").append(formula.text()).append('\n');
  }

  @Override
  void matrix(Formula symbol, Values values) {
    Corner corner = Corner.of(values, MAX_ROWS, MAX_COLUMNS);
    List<List<String>> cells = new ArrayList<>();
    for (int row : corner.rows()) {
      List<String> cellRow = new ArrayList<>();
      for (int column : corner.columns()) {
        cellRow.add(
            row < 0
                ? (column < 0 ? "⋱" : "⋮")
                : column < 0 ? "…" : Formula.number(values.get(row, column)));
      }
      cells.add(cellRow);
    }
    int[] widths = new int[corner.columns().size()];
    for (List<String> row : cells) {
      for (int column = 0; column < row.size(); column++) {
        widths[column] = Math.max(widths[column], row.get(column).length());
      }
    }
    String head = "    " + symbol.text() + " " + values.shape() + " = ";
    boolean oneLine = cells.size() == 1;
    out.append(head);
    String indent = oneLine ? "" : "\n" + " ".repeat(6);
    for (List<String> row : cells) {
      out.append(indent).append('[');
      for (int column = 0; column < row.size(); column++) {
        String cell = row.get(column);
        out.append(column > 0 ? "  " : "")
            .append(" ".repeat(widths[column] - cell.length()))
            .append(cell);
      }
      out.append(']');
    }
    out.append('\n');
    if (!corner.complete()) {
      out.append("      (").append(statistics(values)).append(")\n");
    }
  }
}
