package dev.nabla.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Explanation} as an HTML fragment (the inside of a {@code <body>}): headings,
 * paragraphs, and every formula as an element of class {@code math} whose text is the Unicode
 * spelling and whose {@code data-latex} attribute is the LaTeX, so that a page with KaTeX renders
 * the LaTeX and a page without it still reads. {@code math display} marks a formula on its own
 * line. The page around it (and KaTeX) is the caller's.
 */
public final class HtmlRenderer extends Renderer {
  private final List<String> inlined = new ArrayList<>();

  private HtmlRenderer() {}

  /** The explanation as an HTML fragment. */
  public static String render(Explanation explanation) {
    return new HtmlRenderer().write(explanation);
  }

  @Override
  void heading(int level, String text) {
    out.append("<h")
        .append(level)
        .append('>')
        .append(escape(text))
        .append("</h")
        .append(level)
        .append(">\n");
  }

  @Override
  void line(String text) {
    String escaped = escape(text);
    for (int index = 0; index < inlined.size(); index++) {
      escaped = escaped.replace(escape(marker(index)), inlined.get(index));
    }
    inlined.clear();
    out.append("<p>").append(escaped).append("</p>\n");
  }

  @Override
  void blank() {}

  @Override
  String inline(Formula formula) {
    inlined.add(math("span", "math", formula.text(), formula.latex()));
    return marker(inlined.size() - 1);
  }

  private static String marker(int index) {
    return "\u0001" + index + "\u0002";
  }

  @Override
  void display(Formula formula) {
    out.append(math("div", "math display", formula.text(), formula.latex())).append('\n');
  }

  @Override
  void matrix(Formula symbol, Values values) {
    StringBuilder text =
        new StringBuilder(symbol.text()).append(' ').append(values.shape()).append(" =");
    Corner corner = Corner.of(values, MAX_ROWS, MAX_COLUMNS);
    for (int row : corner.rows()) {
      text.append(" [");
      boolean first = true;
      for (int column : corner.columns()) {
        text.append(first ? "" : "  ");
        first = false;
        text.append(row < 0 ? "⋮" : column < 0 ? "…" : Formula.number(values.get(row, column)));
      }
      text.append(']');
    }
    out.append(
            math(
                "div",
                "math display",
                text.toString(),
                MarkdownRenderer.matrixLatex(symbol, values)))
        .append('\n');
    if (!corner.complete()) {
      out.append("<p class=\"statistics\">Shape ")
          .append(values.shape())
          .append("; ")
          .append(escape(statistics(values)))
          .append(".</p>\n");
    }
  }

  private static String math(String element, String classes, String text, String latex) {
    return "<"
        + element
        + " class=\""
        + classes
        + "\" data-latex=\""
        + escape(latex)
        + "\">"
        + escape(text)
        + "</"
        + element
        + ">";
  }

  /** Text safe in HTML content and in a double-quoted attribute. */
  public static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
