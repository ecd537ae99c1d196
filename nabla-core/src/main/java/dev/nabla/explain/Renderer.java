package dev.nabla.explain;

import java.util.List;

/**
 * What the text and Markdown documents share: the order of the sections and how a worked element
 * reads. Each subclass says how a heading, a formula and a matrix are written.
 */
abstract class Renderer {
  /** A matrix with more rows than this is shown by its corner. */
  static final int MAX_ROWS = 6;

  /** A matrix with more columns than this is shown by its corner. */
  static final int MAX_COLUMNS = 8;

  /** A sum with more terms than this is written by its first and last terms. */
  static final int MAX_TERMS = 8;

  final StringBuilder out = new StringBuilder();

  abstract void heading(int level, String text);

  abstract void line(String text);

  /** A formula inside a sentence. */
  abstract String inline(Formula formula);

  /** A formula on its own line. */
  abstract void display(Formula formula);

  /** A matrix or vector, its corner when big. */
  abstract void matrix(Formula symbol, Values values);

  /** An empty line between blocks. */
  void blank() {
    if (out.length() > 1
        && !(out.charAt(out.length() - 1) == '\n' && out.charAt(out.length() - 2) == '\n')) {
      out.append('\n');
    }
  }

  final String write(Explanation explanation) {
    heading(1, "Backpropagation for one sample, written out");
    heading(2, "Notation");
    for (Formula definition : explanation.notation()) {
      display(definition);
    }
    for (String convention : Notation.conventions()) {
      line(convention);
    }
    blank();
    heading(2, "The sample");
    matrix(Formula.of("x = a⁽⁰⁾", "x = a^{(0)}"), explanation.input());
    matrix(Notation.TARGET, explanation.target());
    heading(2, "Forward pass");
    for (LayerExplanation layer : explanation.layers()) {
      heading(3, title(layer));
      for (Quantity quantity : layer.forward()) {
        quantity(quantity);
      }
    }
    heading(3, "Prediction");
    line(
        inline(Formula.of("ŷ = a⁽ᴸ⁾", "\\hat{y} = a^{(L)}"))
            + " = "
            + exact(explanation.prediction()));
    blank();
    LossExplanation loss = explanation.loss();
    heading(2, "Loss: " + loss.loss());
    display(loss.formula());
    line("Reduction: " + loss.reduction() + ".");
    blank();
    for (Quantity quantity : loss.quantities()) {
      quantity(quantity);
    }
    notes(loss.notes());
    heading(2, "Backward pass");
    List<LayerExplanation> layers = explanation.layers();
    for (int index = layers.size() - 1; index >= 0; index--) {
      LayerExplanation layer = layers.get(index);
      heading(3, title(layer));
      for (Quantity quantity : layer.backward()) {
        quantity(quantity);
      }
      notes(layer.notes());
    }
    UpdateExplanation update = explanation.update();
    heading(2, "One optimizer step");
    line(update.optimizer() + ", from fresh state, on a copy of the network.");
    blank();
    for (Formula rule : update.rule()) {
      display(rule);
    }
    if (update.rule().isEmpty()) {
      line("This optimizer does not write its step out; the values before and after are shown.");
    }
    blank();
    for (ParameterUpdate parameter : update.parameters()) {
      line(inline(parameter.symbol()) + " (" + parameter.name() + ")");
      blank();
      for (Worked step : parameter.steps()) {
        worked(step);
      }
      matrix(
          Formula.of(parameter.symbol().text() + " after", "{" + parameter.symbol().latex() + "}'"),
          parameter.after());
    }
    line(
        "Prediction "
            + inline(Notation.PREDICTION)
            + ": "
            + exact(update.predictionBefore())
            + " → "
            + exact(update.predictionAfter()));
    line(
        "Loss "
            + inline(Notation.LOSS)
            + ": "
            + Formula.exact(update.lossBefore())
            + " → "
            + Formula.exact(update.lossAfter()));
    return out.toString();
  }

  private static String title(LayerExplanation layer) {
    return (layer.l() > 0 ? "Layer " + layer.l() + ": " : "Before layer 1: ")
        + layer.layer()
        + " (network layer "
        + layer.index()
        + ")";
  }

  void notes(List<String> notes) {
    for (String note : notes) {
      line("Note: " + note);
    }
    if (!notes.isEmpty()) {
      blank();
    }
  }

  void quantity(Quantity quantity) {
    if (quantity.formula() != null) {
      display(quantity.symbol().equalsTo(quantity.formula()));
      line("shapes " + quantity.shapes());
    }
    matrix(quantity.symbol(), quantity.values());
    if (quantity.worked() != null) {
      worked(quantity.worked());
    }
  }

  void worked(Worked worked) {
    Formula line = worked.symbol();
    if (worked.terms().isEmpty()) {
      line = line.equalsTo(worked.definition()).equalsTo(worked.substituted());
    } else {
      line = line.equalsTo(sum(worked.terms(), true)).equalsTo(sum(worked.terms(), false));
    }
    display(line.equalsTo(Formula.value(worked.value()).unparenthesized()));
  }

  /** The terms' symbols or numbers, joined with their signs; the middle left out when long. */
  static Formula sum(List<Term> terms, boolean symbols) {
    Formula formula = null;
    int count = terms.size();
    for (int index = 0; index < count; index++) {
      boolean shown = count <= MAX_TERMS || index < 3 || index == count - 1;
      if (!shown) {
        if (index == 3) {
          formula = formula.then(" + … ", " + \\cdots ", Formula.of(""));
          formula = Formula.of(formula.text().stripTrailing(), formula.latex().stripTrailing());
        }
        continue;
      }
      Term term = terms.get(index);
      Formula body = symbols ? term.symbols() : term.numbers();
      if (formula == null) {
        formula = term.negative() ? Formula.of("−" + body.text(), "-" + body.latex()) : body;
      } else {
        formula = term.negative() ? formula.minus(body) : formula.plus(body);
      }
    }
    if (count > MAX_TERMS) {
      formula =
          formula.then(
              "",
              "",
              Formula.of("   (" + count + " terms)", " \\quad (" + count + " \\text{ terms})"));
    }
    return formula;
  }

  /** Values with every digit, for predictions and losses another program is compared with. */
  static String exact(Values values) {
    StringBuilder text = new StringBuilder("[");
    int shown = Math.min(values.size(), MAX_COLUMNS);
    for (int index = 0; index < shown; index++) {
      text.append(index > 0 ? ", " : "").append(Formula.exact(values.data()[index]));
    }
    if (shown < values.size()) {
      text.append(", … (").append(values.size()).append(" values)");
    }
    return text.append(']').toString();
  }

  /** Min, max and mean, for a matrix shown by its corner. */
  static String statistics(Values values) {
    return "min "
        + Formula.number(values.min())
        + ", max "
        + Formula.number(values.max())
        + ", mean "
        + Formula.number(values.mean());
  }
}
