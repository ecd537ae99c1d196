package dev.nabla.losses;

import dev.nabla.explain.Formula;
import dev.nabla.tensor.Tensor;

/**
 * Categorical cross-entropy on probabilities (the output of a softmax layer), as Keras's {@code
 * CategoricalCrossentropy(from_logits=False)}: per sample {@code −Σⱼ yⱼ·ln pⱼ}, each logarithm
 * clamped at −100 as PyTorch does; {@code ∂/∂pⱼ = −yⱼ / max(pⱼ, 10⁻¹²)}. {@code MEAN} divides by
 * the number of samples.
 */
public record CategoricalCrossEntropy(Reduction reduction) implements ElementwiseLoss {
  public CategoricalCrossEntropy {
    java.util.Objects.requireNonNull(reduction, "reduction");
  }

  @Override
  public double elementValue(double prediction, double target) {
    return target == 0 ? 0 : -target * Math.max(Math.log(prediction), BinaryCrossEntropy.LOG_FLOOR);
  }

  @Override
  public double elementDerivative(double prediction, double target) {
    return -target / Math.max(prediction, BinaryCrossEntropy.EPSILON);
  }

  @Override
  public double meanDivisor(Tensor prediction) {
    return prediction.rows();
  }

  @Override
  public Formula elementFormula(Formula p, Formula y) {
    return Formula.of("−" + y.text() + "·ln " + p.text(), "-" + y.latex() + " \\ln " + p.latex());
  }

  @Override
  public Formula elementDerivativeFormula(Formula p, Formula y) {
    return Formula.of(
        "−" + y.text() + "/" + p.text(), "-\\frac{" + y.latex() + "}{" + p.latex() + "}");
  }

  @Override
  public String toString() {
    return "CategoricalCrossEntropy(" + reduction + ")";
  }
}
