package dev.nabla.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activations;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Sgd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the renderers show big matrices, long sums and numbers. */
class RenderersTest {
  private static Explanation wide() {
    // A dense layer 32 → 2: its weights are [2 × 32], the case that used to read as one row.
    Network network = Network.builder(32).seed(1).dense(2, Activations.tanh()).build();
    Tensor x = Tensor.zeros(DType.FLOAT64, 1, 32);
    for (int k = 0; k < 32; k++) {
      x.set(k, 0.1 * k - 1);
    }
    return Explainer.explain(
        network,
        Losses.meanSquaredError(),
        new Sgd(0.1),
        x,
        Tensor.matrix(DType.FLOAT64, new double[][] {{1, -1}}),
        ExplainOptions.parse("1,5"));
  }

  @Test
  void aWideMatrixReadsAsItsRowsWithTheCornerAndItsStatistics() {
    String text = TextRenderer.render(wide());
    Values weights = wide().layers().get(0).forward().get(0).values();
    String first = Formula.number(weights.get(0, 0));
    String lastOfSecondRow = Formula.number(weights.get(1, 31));
    int at = text.indexOf("W⁽¹⁾ [2 × 32] = \n");
    assertTrue(at >= 0, text);
    List<String> lines = text.substring(at).lines().skip(1).limit(3).toList();
    assertTrue(
        lines.get(0).strip().startsWith("[" + first.replace("−", "−"))
            || lines.get(0).contains(first),
        lines.toString());
    assertTrue(lines.get(0).contains("…") && lines.get(1).contains("…"), lines.toString());
    assertTrue(lines.get(1).strip().endsWith(lastOfSecondRow + "]"), lines.toString());
    assertTrue(lines.get(2).contains("min ") && lines.get(2).contains("mean "), lines.toString());
    // Seven columns, the ellipsis, the last column: nine cells per row.
    assertEquals(
        9,
        lines.get(0).strip().replaceAll("[\\[\\]]", "").strip().split("\\s+").length,
        lines.get(0));

    String markdown = MarkdownRenderer.render(wide());
    assertTrue(
        markdown.contains(
            "W^{(1)} = \\begin{bmatrix} "
                + Formula.value(weights.get(0, 0)).unparenthesized().latex()),
        markdown);
    int matrix = markdown.indexOf("W^{(1)} = \\begin{bmatrix}");
    String row = markdown.substring(matrix, markdown.indexOf("\\end{bmatrix}", matrix));
    assertEquals(1, row.split("\\\\\\\\", -1).length - 1, "two rows, one row break: " + row);
    assertTrue(row.contains("\\cdots"), row);
    assertTrue(markdown.contains("Shape [2 × 32]; min "), markdown);
  }

  @Test
  void aLongSumIsWrittenByItsFirstAndLastTermsWithItsCount() {
    String text = TextRenderer.render(wide());
    assertTrue(
        text.contains("z⁽¹⁾₁ = a⁽⁰⁾₀·W⁽¹⁾₁₀ + a⁽⁰⁾₁·W⁽¹⁾₁₁ + a⁽⁰⁾₂·W⁽¹⁾₁₂ + … + b⁽¹⁾₁ = "), text);
    assertTrue(text.contains("   (33 terms)\n"), text);
    assertEquals(text.indexOf("(33 terms)"), text.lastIndexOf("(33 terms)"), "the count once");
    assertTrue(text.contains("∂L/∂W⁽¹⁾₁₅ = δ⁽¹⁾₁·a⁽⁰⁾₅ = "), text);
  }

  @Test
  void numbersHaveSixSignificantDigitsAndATrueMinus() {
    assertEquals("−2.51", Formula.number(-2.51));
    assertEquals("12.6002", Formula.number(12.600200000000003));
    assertEquals("1.98", Formula.number(1.9799999999999998));
    assertEquals("1e−08", Formula.number(1e-8));
    assertEquals("1 \\times 10^{-8}", Formula.value(1e-8).latex());
    assertEquals("0", Formula.number(0));
    assertEquals("0.999999651223", Formula.number(0.99999965122312));
    assertEquals("1", Formula.number(1.0));
    assertEquals("(−5.02)", Formula.value(-5.02).text());
    assertEquals("(-5.02)", Formula.value(-5.02).latex());
    assertEquals("2.1435048475206897", Formula.exact(2.1435048475206897));
  }
}
