package dev.nabla.cli;

import dev.nabla.explain.Explanation;
import dev.nabla.explain.Factor;
import dev.nabla.explain.Formula;
import dev.nabla.explain.LayerExplanation;
import dev.nabla.explain.LossExplanation;
import dev.nabla.explain.ParameterUpdate;
import dev.nabla.explain.Quantity;
import dev.nabla.explain.Term;
import dev.nabla.explain.UpdateExplanation;
import dev.nabla.explain.Values;
import dev.nabla.explain.Worked;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Explanation} as the JSON of schema {@value #SCHEMA}, documented in {@code
 * docs/explain-json.md}: plain maps and lists for Jackson, field by field, so the schema changes
 * only when this class does.
 */
final class ExplanationJson {
  static final String SCHEMA = "nabla-explain/2";

  private ExplanationJson() {}

  static Map<String, Object> document(Map<String, Object> source, Explanation explanation) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("schema", SCHEMA);
    document.putAll(source);
    document.put(
        "notation", explanation.notation().stream().map(ExplanationJson::formula).toList());
    document.put("input", values(explanation.input()));
    document.put("target", values(explanation.target()));
    List<Object> layers = new ArrayList<>();
    for (LayerExplanation layer : explanation.layers()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("index", layer.index());
      entry.put("l", layer.l());
      entry.put("layer", layer.layer());
      entry.put("forward", layer.forward().stream().map(ExplanationJson::quantity).toList());
      entry.put("backward", layer.backward().stream().map(ExplanationJson::quantity).toList());
      Map<String, Object> parameters = new LinkedHashMap<>();
      layer.parameters().forEach((name, symbol) -> parameters.put(name, formula(symbol)));
      entry.put("parameters", parameters);
      entry.put("notes", layer.notes());
      layers.add(entry);
    }
    document.put("layers", layers);
    document.put("prediction", values(explanation.prediction()));
    document.put("loss", loss(explanation.loss()));
    document.put("step", step(explanation.update()));
    return document;
  }

  private static Map<String, Object> loss(LossExplanation loss) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("loss", loss.loss());
    entry.put("formula", formula(loss.formula()));
    entry.put("reduction", loss.reduction());
    entry.put("value", loss.value());
    entry.put("quantities", loss.quantities().stream().map(ExplanationJson::quantity).toList());
    entry.put("notes", loss.notes());
    return entry;
  }

  private static Map<String, Object> step(UpdateExplanation update) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("optimizer", update.optimizer());
    entry.put("rule", update.rule().stream().map(ExplanationJson::formula).toList());
    List<Object> parameters = new ArrayList<>();
    for (ParameterUpdate parameter : update.parameters()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", parameter.name());
      one.put("symbol", formula(parameter.symbol()));
      one.put("before", values(parameter.before()));
      one.put("after", values(parameter.after()));
      one.put("steps", parameter.steps().stream().map(ExplanationJson::worked).toList());
      parameters.add(one);
    }
    entry.put("parameters", parameters);
    entry.put("predictionBefore", values(update.predictionBefore()));
    entry.put("predictionAfter", values(update.predictionAfter()));
    entry.put("lossBefore", update.lossBefore());
    entry.put("lossAfter", update.lossAfter());
    return entry;
  }

  private static Map<String, Object> quantity(Quantity quantity) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("role", quantity.role());
    entry.put("symbol", formula(quantity.symbol()));
    entry.put("formula", quantity.formula() == null ? null : formula(quantity.formula()));
    entry.put("shapes", quantity.shapes());
    entry.put("values", values(quantity.values()));
    entry.put("worked", quantity.worked() == null ? null : worked(quantity.worked()));
    return entry;
  }

  private static Map<String, Object> worked(Worked worked) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("symbol", formula(worked.symbol()));
    entry.put("indices", worked.indices());
    if (worked.terms().isEmpty()) {
      entry.put("definition", formula(worked.definition()));
      entry.put("substituted", formula(worked.substituted()));
    } else {
      List<Object> terms = new ArrayList<>();
      for (Term term : worked.terms()) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("sign", term.negative() ? -1 : 1);
        List<Object> factors = new ArrayList<>();
        for (Factor factor : term.factors()) {
          Map<String, Object> f = new LinkedHashMap<>();
          f.put("symbol", formula(factor.symbol()));
          f.put("value", factor.value());
          factors.add(f);
        }
        one.put("factors", factors);
        terms.add(one);
      }
      entry.put("terms", terms);
    }
    entry.put("value", worked.value());
    return entry;
  }

  private static Map<String, Object> formula(Formula formula) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("text", formula.text());
    entry.put("latex", formula.latex());
    return entry;
  }

  private static Map<String, Object> values(Values values) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put(
        "shape",
        values.vector()
            ? new int[] {values.columns()}
            : new int[] {values.rows(), values.columns()});
    entry.put("data", values.data());
    return entry;
  }
}
