package dev.nabla.explain;

/**
 * An {@link Explanation} as Markdown with LaTeX math ({@code $…$} inline, {@code $$…$$} on its own
 * lines), as GitHub and Jupyter render it; matrices as {@code bmatrix}, big ones by their corner
 * with {@code \cdots}, {@code \vdots} and {@code \ddots} where values are left out, and their
 * minimum, maximum and mean.
 */
public final class MarkdownRenderer extends Renderer {
  private MarkdownRenderer() {}

  /** The explanation as Markdown. */
  public static String render(Explanation explanation) {
    return new MarkdownRenderer().write(explanation);
  }

  @Override
  void heading(int level, String text) {
    blank();
    out.append("#".repeat(level)).append(' ').append(text).append("\n\n");
  }

  @Override
  void line(String text) {
    out.append(text).append("\n\n");
  }

  @Override
  String inline(Formula formula) {
    return "$" + formula.latex() + "$";
  }

  @Override
  void display(Formula formula) {
    out.append("$$\n").append(formula.latex()).append("\n$$\n\n");
  }

  @Override
  void matrix(Formula symbol, Values values) {
    out.append("$$\n").append(matrixLatex(symbol, values)).append("\n$$\n\n");
    Corner corner = Corner.of(values, MAX_ROWS, MAX_COLUMNS);
    if (!corner.complete()) {
      out.append("Shape ")
          .append(values.shape())
          .append("; ")
          .append(statistics(values))
          .append(".\n\n");
    }
  }

  /** {@code symbol = \begin{bmatrix}…\end{bmatrix}\ [r × c]}, the corner of a big matrix. */
  static String matrixLatex(Formula symbol, Values values) {
    Corner corner = Corner.of(values, MAX_ROWS, MAX_COLUMNS);
    StringBuilder latex = new StringBuilder(symbol.latex()).append(" = \\begin{bmatrix}");
    boolean firstRow = true;
    for (int row : corner.rows()) {
      latex.append(firstRow ? " " : " \\\\ ");
      firstRow = false;
      boolean firstColumn = true;
      for (int column : corner.columns()) {
        latex.append(firstColumn ? "" : " & ");
        firstColumn = false;
        latex.append(
            row < 0
                ? (column < 0 ? "\\ddots" : "\\vdots")
                : column < 0
                    ? "\\cdots"
                    : Formula.value(values.get(row, column)).unparenthesized().latex());
      }
    }
    latex.append(" \\end{bmatrix}");
    latex.append(" \\quad ").append(values.shape().replace("×", "\\times"));
    return latex.toString();
  }
}
