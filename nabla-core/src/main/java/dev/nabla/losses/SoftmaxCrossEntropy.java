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
 * Cross-entropy of {@code softmax(z)} against target probabilities, taking logits {@code z}, as
 * PyTorch's {@code CrossEntropyLoss} with probability targets: per sample {@code −Σⱼ yⱼ·ln
 * softmax(z)ⱼ = Σⱼ yⱼ·(lse(z) − zⱼ)}, where {@code lse(z) = m + ln Σⱼ e^(zⱼ − m)}, {@code m = max
 * z}, stays finite for any logits. {@code ∂/∂zⱼ = softmax(z)ⱼ·Σₖ yₖ − yⱼ} ({@code softmax(z) − y}
 * for one-hot targets). {@code MEAN} divides by the number of samples.
 *
 * <p>Use it on a network whose last layer is linear: the softmax is inside the loss, which is both
 * faster and more accurate than a softmax layer followed by {@link CategoricalCrossEntropy}.
 */
public record SoftmaxCrossEntropy(Reduction reduction) implements Loss {
  public SoftmaxCrossEntropy {
    java.util.Objects.requireNonNull(reduction, "reduction");
  }

  @Override
  public double value(Tensor logits, Tensor target) {
    requireSameShape(logits, target);
    int columns = logits.columns();
    double total = 0;
    for (int row = 0; row < logits.rows(); row++) {
      int start = row * columns;
      double logSumExp = logSumExp(logits, start, columns);
      for (int column = 0; column < columns; column++) {
        double y = target.get(start + column);
        if (y != 0) {
          total += y * (logSumExp - logits.get(start + column));
        }
      }
    }
    return reduction == Reduction.MEAN && logits.rows() > 0 ? total / logits.rows() : total;
  }

  @Override
  public void gradient(Tensor logits, Tensor target, Tensor gradient) {
    requireSameShape(logits, target);
    int columns = logits.columns();
    double divisor = reduction == Reduction.MEAN ? logits.rows() : 1;
    for (int row = 0; row < logits.rows(); row++) {
      int start = row * columns;
      double logSumExp = logSumExp(logits, start, columns);
      double targetSum = 0;
      for (int column = 0; column < columns; column++) {
        targetSum += target.get(start + column);
      }
      for (int column = 0; column < columns; column++) {
        double softmax = Math.exp(logits.get(start + column) - logSumExp);
        gradient.set(start + column, (softmax * targetSum - target.get(start + column)) / divisor);
      }
    }
  }

  /** {@code ln Σⱼ e^(zⱼ)} over one row, shifted by the row's maximum. */
  static double logSumExp(Tensor logits, int start, int columns) {
    double max = Double.NEGATIVE_INFINITY;
    for (int column = 0; column < columns; column++) {
      max = Math.max(max, logits.get(start + column));
    }
    double sum = 0;
    for (int column = 0; column < columns; column++) {
      sum += Math.exp(logits.get(start + column) - max);
    }
    return max + Math.log(sum);
  }

  /**
   * {@code p = softmax(ŷ)} of the logits, {@code ℓⱼ = −yⱼ·ln pⱼ}, {@code L = Σⱼ ℓⱼ} (over N samples
   * for MEAN) and {@code ∂L/∂ŷ = p − y}: the softmax Jacobian and the logarithm's derivative
   * collapse into one subtraction.
   */
  @Override
  public LossExplanation explain(Tensor logits, Tensor target, int element) {
    requireSameShape(logits, target);
    int n = logits.columns();
    double logSumExp = logSumExp(logits, 0, n);
    double[] probabilities = new double[n];
    double[] terms = new double[n];
    double exponentials = 0;
    for (int k = 0; k < n; k++) {
      probabilities[k] = Math.exp(logits.get(k) - logSumExp);
      double y = target.get(k);
      terms[k] = y == 0 ? 0 : y * (logSumExp - logits.get(k));
      exponentials += Math.exp(logits.get(k));
    }
    Formula z = Notation.PREDICTION;
    Formula y = Notation.TARGET;
    Formula p = Formula.of("p");
    int i = element;
    double divisor = reduction == Reduction.MEAN ? logits.rows() : 1;
    List<Quantity> quantities = new ArrayList<>();
    String shape = Notation.shape(1, n);
    Formula sumText = Formula.of("Σⱼ e^" + z.text() + "ⱼ", "\\sum_j e^{{" + z.latex() + "}_j}");
    Formula sumNumbers;
    if (n <= 6) {
      sumNumbers = exp(Formula.value(logits.get(0)));
      for (int k = 1; k < n; k++) {
        sumNumbers = sumNumbers.plus(exp(Formula.value(logits.get(k))));
      }
    } else {
      sumNumbers = Formula.value(exponentials);
    }
    quantities.add(
        new Quantity(
            "probabilities",
            p,
            Formula.of("softmax(ŷ)", "\\operatorname{softmax}(\\hat{y})"),
            shape,
            new Values(1, n, false, probabilities),
            Worked.function(
                Notation.element(p, i),
                fraction(exp(Notation.element(z, i)), sumText),
                fraction(exp(Formula.value(logits.get(i))), sumNumbers),
                probabilities[i],
                i)));
    Formula ell = Formula.of("ℓ", "\\ell");
    quantities.add(
        new Quantity(
            "lossTerms",
            ell,
            Formula.of("−y ⊙ ln p", "-y \\odot \\ln p"),
            shape,
            new Values(1, n, false, terms),
            Worked.function(
                Notation.element(ell, i),
                Formula.of(
                    "−" + Notation.element(y, i).text() + "·ln " + Notation.element(p, i).text(),
                    "-"
                        + Notation.element(y, i).latex()
                        + " \\ln "
                        + Notation.element(p, i).latex()),
                Formula.of(
                    "−"
                        + Formula.value(target.get(i)).text()
                        + "·ln "
                        + Formula.value(probabilities[i]).text(),
                    "-"
                        + Formula.value(target.get(i)).latex()
                        + " \\ln "
                        + Formula.value(probabilities[i]).latex()),
                terms[i],
                i)));
    List<Term> sum = new ArrayList<>();
    Formula over =
        Formula.of("1/" + Formula.number(divisor), "\\tfrac{1}{" + Formula.number(divisor) + "}");
    for (int k = 0; k < n; k++) {
      Factor term = new Factor(Notation.element(ell, k), terms[k]);
      sum.add(divisor == 1 ? Term.of(term) : Term.of(new Factor(over, 1 / divisor), term));
    }
    double value = value(logits, target);
    quantities.add(
        new Quantity(
            "loss",
            Notation.LOSS,
            Formula.of("Σⱼ ℓⱼ", "\\sum_j \\ell_j"),
            "[1]",
            new Values(1, 1, true, new double[] {value}),
            Worked.sum(Notation.LOSS, sum, value)));
    Tensor gradient = gradient(logits, target);
    Formula pi = Notation.element(p, i);
    Formula yi = Notation.element(y, i);
    Formula symbolic = pi.minus(yi);
    Formula numbers = Formula.value(probabilities[i]).minus(Formula.value(target.get(i)));
    if (divisor != 1) {
      symbolic = symbolic.parenthesized().then("/", " / ", Formula.of(Formula.number(divisor)));
      numbers = numbers.parenthesized().then("/", " / ", Formula.of(Formula.number(divisor)));
    }
    quantities.add(
        new Quantity(
            "predictionGradient",
            Notation.partial(z),
            Formula.of("p − y", "p - y"),
            shape,
            Values.of(gradient),
            Worked.function(
                Notation.partial(Notation.element(z, i)), symbolic, numbers, gradient.get(i), i)));
    return new LossExplanation(
        toString(),
        Formula.of(
            "L = −Σⱼ yⱼ·ln pⱼ,  p = softmax(ŷ),  ŷ the logits",
            "L = -\\sum_j y_j \\ln p_j, \\quad p = \\operatorname{softmax}(\\hat{y})"),
        reduction == Reduction.MEAN
            ? "mean over the samples: N = " + Formula.number(divisor)
            : "sum: the terms are added, not divided",
        quantities,
        value,
        List.of(
            "Softmax and cross-entropy together: ∂L/∂ŷᵢ = Σₖ (−yₖ/pₖ)·pₖ·([k = i] − pᵢ) = pᵢ·Σₖ yₖ − yᵢ,"
                + " which is pᵢ − yᵢ for a one-hot y. The Jacobian never needs to be formed."));
  }

  private static Formula exp(Formula power) {
    return Formula.of("e^" + power.text(), "e^{" + power.latex() + "}");
  }

  private static Formula fraction(Formula top, Formula bottom) {
    return Formula.of(
        top.text() + "/(" + bottom.text() + ")",
        "\\frac{" + top.latex() + "}{" + bottom.latex() + "}");
  }

  @Override
  public String toString() {
    return "SoftmaxCrossEntropy(" + reduction + ")";
  }
}
