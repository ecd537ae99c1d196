package dev.nabla.losses;

import dev.nabla.explain.Factor;
import dev.nabla.explain.Formula;
import dev.nabla.explain.LossExplanation;
import dev.nabla.explain.Notation;
import dev.nabla.explain.Quantity;
import dev.nabla.explain.Term;
import dev.nabla.explain.Values;
import dev.nabla.explain.Worked;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A loss that is a sum of per-element terms {@code ℓ(ŷ, y)}: {@code L = Σ ℓ(ŷᵢ, yᵢ) / divisor},
 * where the divisor is 1 for {@link Reduction#SUM} and {@link #meanDivisor} for {@link
 * Reduction#MEAN}; so {@code ∂L/∂ŷᵢ = ℓ′(ŷᵢ, yᵢ) / divisor}.
 */
public interface ElementwiseLoss extends Loss {
  /** {@code ℓ(ŷ, y)}. */
  double elementValue(double prediction, double target);

  /** {@code ∂ℓ/∂ŷ}. */
  double elementDerivative(double prediction, double target);

  /** What {@link Reduction#MEAN} divides by: the number of elements, as in PyTorch. */
  default double meanDivisor(Tensor prediction) {
    return prediction.size();
  }

  private double divisor(Tensor prediction) {
    return reduction() == Reduction.SUM || prediction.size() == 0 ? 1 : meanDivisor(prediction);
  }

  @Override
  default double value(Tensor prediction, Tensor target) {
    requireSameShape(prediction, target);
    double sum = 0;
    for (int index = 0; index < prediction.size(); index++) {
      sum += elementValue(prediction.get(index), target.get(index));
    }
    return sum / divisor(prediction);
  }

  @Override
  default void gradient(Tensor prediction, Tensor target, Tensor gradient) {
    requireSameShape(prediction, target);
    double divisor = divisor(prediction);
    for (int index = 0; index < prediction.size(); index++) {
      gradient.set(index, elementDerivative(prediction.get(index), target.get(index)) / divisor);
    }
  }

  /**
   * {@code ℓ(ŷ, y)} as a formula, e.g. {@code ½·(y − ŷ)²}; given numbers, the term with the numbers
   * in. The default writes {@code ℓ(ŷ, y)}.
   *
   * @param p the prediction, a symbol or a number
   * @param y the target, a symbol or a number
   */
  default Formula elementFormula(Formula p, Formula y) {
    return Formula.of(
        "ℓ(" + p.text() + ", " + y.text() + ")", "\\ell(" + p.latex() + ", " + y.latex() + ")");
  }

  /**
   * {@code ∂ℓ/∂ŷ} as a formula, e.g. {@code ŷ − y}. The default writes {@code ℓ′(ŷ, y)}.
   *
   * @param p the prediction, a symbol or a number
   * @param y the target, a symbol or a number
   */
  default Formula elementDerivativeFormula(Formula p, Formula y) {
    return Formula.of(
        "ℓ′(" + p.text() + ", " + y.text() + ")", "\\ell'(" + p.latex() + ", " + y.latex() + ")");
  }

  /**
   * {@code L = Σⱼ ℓ(ŷⱼ, yⱼ) / N}: the terms {@code ℓⱼ}, the loss as their sum, and {@code ∂L/∂ŷⱼ =
   * ℓ′(ŷⱼ, yⱼ) / N}, each with output {@code element} worked.
   */
  @Override
  default LossExplanation explain(Tensor prediction, Tensor target, int element) {
    requireSameShape(prediction, target);
    double divisor = divisor(prediction);
    int n = prediction.size();
    Formula p = Notation.PREDICTION;
    Formula y = Notation.TARGET;
    Formula ell = Formula.of("ℓ", "\\ell");
    double[] terms = new double[n];
    for (int k = 0; k < n; k++) {
      terms[k] = elementValue(prediction.get(k), target.get(k));
    }
    Formula pj = Notation.element(p, element);
    Formula yj = Notation.element(y, element);
    double pv = prediction.get(element);
    double yv = target.get(element);
    List<Quantity> quantities = new ArrayList<>();
    String shape = Notation.shape(prediction.rows(), prediction.columns());
    quantities.add(
        new Quantity(
            "lossTerms",
            ell,
            elementFormula(p, y),
            shape + ", element by element",
            new Values(prediction.rows(), prediction.columns(), false, terms),
            Worked.function(
                Notation.element(ell, element),
                elementFormula(pj, yj),
                elementFormula(Formula.value(pv), Formula.value(yv)),
                terms[element],
                element)));
    Formula over =
        Formula.of("1/" + Formula.number(divisor), "\\tfrac{1}{" + Formula.number(divisor) + "}");
    List<Term> sum = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Factor term = new Factor(Notation.element(ell, k), terms[k]);
      sum.add(divisor == 1 ? Term.of(term) : Term.of(new Factor(over, 1 / divisor), term));
    }
    double value = value(prediction, target);
    Formula sigma = Formula.of("Σⱼ ℓⱼ", "\\sum_j \\ell_j");
    quantities.add(
        new Quantity(
            "loss",
            Notation.LOSS,
            divisor == 1 ? sigma : over.times(sigma),
            "[1]",
            new Values(1, 1, true, new double[] {value}),
            Worked.sum(Notation.LOSS, sum, value)));
    Tensor gradient = gradient(prediction, target);
    Formula derivative = elementDerivativeFormula(pj, yj);
    Formula numbers = elementDerivativeFormula(Formula.value(pv), Formula.value(yv));
    Formula general = elementDerivativeFormula(p, y);
    if (divisor != 1) {
      derivative = derivative.parenthesized().then("/", " / ", Formula.of(Formula.number(divisor)));
      numbers = numbers.parenthesized().then("/", " / ", Formula.of(Formula.number(divisor)));
      general = general.parenthesized().then("/", " / ", Formula.of("N"));
    }
    quantities.add(
        new Quantity(
            "predictionGradient",
            Notation.partial(p),
            general,
            shape,
            Values.of(gradient),
            Worked.function(
                Notation.partial(pj), derivative, numbers, gradient.get(element), element)));
    Formula formula =
        Formula.of(
                "L = " + (divisor == 1 ? "" : "(1/N)·") + "Σⱼ ℓⱼ,  ℓⱼ = ",
                "L = "
                    + (divisor == 1 ? "" : "\\frac{1}{N}")
                    + "\\sum_j \\ell_j, \\quad \\ell_j = ")
            .then("", "", elementFormula(Notation.element(p, "j"), Notation.element(y, "j")));
    return new LossExplanation(
        toString(), formula, reductionText(prediction, divisor), quantities, value, List.of());
  }

  private String reductionText(Tensor prediction, double divisor) {
    if (reduction() == Reduction.SUM) {
      return "sum: the terms are added, not divided";
    }
    String over = meanDivisor(prediction) == prediction.rows() ? "samples" : "elements";
    return "mean over the " + over + ": N = " + Formula.number(divisor);
  }
}
