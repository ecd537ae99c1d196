package dev.nabla.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activation;
import dev.nabla.activations.Activations;
import dev.nabla.activations.ElementwiseActivation;
import dev.nabla.layers.ActivationLayer;
import dev.nabla.layers.Layer;
import dev.nabla.losses.ElementwiseLoss;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.network.ParameterName;
import dev.nabla.optimizers.Optimizer;
import dev.nabla.optimizers.OptimizerSpec;
import dev.nabla.optimizers.Sgd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.tracing.Trace;
import dev.nabla.tracing.Tracer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every number of an explanation is the traced value: each layer type's quantities are the traced
 * tensors, each worked element's terms add up to the element of its full matrix, each factor is a
 * number shown in a matrix of the document, and each optimizer's written-out step ends at the value
 * the step produced.
 */
class ExplainerTest {
  private static final double TOLERANCE = 1e-12;

  static Stream<Arguments> networks() {
    List<Arguments> cases = new ArrayList<>();
    for (Activation activation :
        List.of(
            Activations.relu(),
            Activations.leakyRelu(-0.2),
            Activations.sigmoid(),
            Activations.tanh(),
            Activations.elu(),
            Activations.gelu(),
            Activations.softplus())) {
      cases.add(
          Arguments.of(
              activation.toString(),
              Network.builder(3).seed(7).dense(4, activation).dense(2).build(),
              Losses.meanSquaredError()));
    }
    cases.add(
        Arguments.of(
            "softmax layer, categorical cross-entropy",
            Network.builder(3)
                .seed(7)
                .dense(4, Activations.tanh())
                .dense(3, Activations.softmax())
                .build(),
            Losses.categoricalCrossEntropy()));
    cases.add(
        Arguments.of(
            "softmax cross-entropy on logits",
            Network.builder(3).seed(7).dense(4, Activations.relu()).dense(3).build(),
            Losses.softmaxCrossEntropy()));
    Network normed =
        Network.builder(3)
            .seed(7)
            .dense(4)
            .batchNorm()
            .activation(Activations.relu())
            .dropout(0.3)
            .dense(2)
            .build();
    SplittableRandom random = new SplittableRandom(3);
    normed
        .buffers()
        .values()
        .forEach(
            buffer -> {
              for (int k = 0; k < buffer.size(); k++) {
                buffer.set(k, random.nextDouble(0.2, 1.5));
              }
            });
    normed
        .parameters()
        .forEach(
            (name, parameter) -> {
              if (name.endsWith("scale") || name.endsWith("shift")) {
                for (int k = 0; k < parameter.value().size(); k++) {
                  parameter.value().set(k, random.nextDouble(-1, 1));
                }
              }
            });
    cases.add(Arguments.of("batch norm and dropout", normed, Losses.huber(0.5)));
    cases.add(
        Arguments.of(
            "dense without bias, binary cross-entropy",
            Network.builder(3)
                .seed(7)
                .denseWithoutBias(4)
                .activation(Activations.sigmoid())
                .dense(2, Activations.sigmoid())
                .build(),
            Losses.parse("binary_cross_entropy:sum")));
    cases.add(
        Arguments.of(
            "binary cross-entropy with logits",
            Network.builder(3).seed(7).dense(4, Activations.relu()).dense(2).build(),
            Losses.binaryCrossEntropyWithLogits()));
    cases.add(
        Arguments.of(
            "mean absolute error",
            Network.builder(3).seed(7).dense(2).build(),
            Losses.meanAbsoluteError()));
    return cases.stream();
  }

  static Stream<Arguments> optimizers() {
    return Stream.of(
            OptimizerSpec.of("sgd", "learningRate", 0.1),
            OptimizerSpec.of("sgd", "learningRate", 0.1, "momentum", 0.9, "weightDecay", 0.01),
            OptimizerSpec.of("sgd", "learningRate", 0.1, "momentum", 0.9, "nesterov", true),
            OptimizerSpec.of("adam", "learningRate", 0.01, "weightDecay", 0.1),
            OptimizerSpec.of("adamw", "learningRate", 0.01),
            OptimizerSpec.of("adam", "amsgrad", true))
        .map(Arguments::of);
  }

  private static Tensor sample(int columns, long seed, boolean classes) {
    SplittableRandom random = new SplittableRandom(seed);
    Tensor row = Tensor.zeros(DType.FLOAT64, 1, columns);
    int hot = random.nextInt(columns);
    for (int k = 0; k < columns; k++) {
      row.set(k, classes ? (k == hot ? 1 : 0) : random.nextDouble(-1.5, 1.5));
    }
    return row;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void everyQuantityIsTheTracedValueAndEveryWorkedElementAddsUp(
      String name, Network network, Loss loss) {
    boolean classes = Losses.takesClasses(Losses.name(loss));
    Tensor x = sample(network.inputSize(), 1, false);
    Tensor y = sample(network.outputSize(), 2, classes);
    for (String element : List.of("0,0", "1,2", "3,1;2:1,3")) {
      Explanation explanation =
          Explainer.explain(network, loss, new Sgd(0.1), x, y, ExplainOptions.parse(element));
      Network inference = network.copy();
      inference.setTraining(false);
      Trace trace = Tracer.trace(inference, loss, x, y);
      check(explanation, inference, trace, loss, name + " element " + element);
    }
  }

  private static void check(
      Explanation explanation, Network network, Trace trace, Loss loss, String what) {
    assertEquals(network.layers().size(), explanation.layers().size());
    Set<Double> shown = new HashSet<>();
    List<Quantity> all = new ArrayList<>();
    for (LayerExplanation layer : explanation.layers()) {
      all.addAll(layer.forward());
      all.addAll(layer.backward());
    }
    all.addAll(explanation.loss().quantities());
    for (Quantity quantity : all) {
      for (double value : quantity.values().data()) {
        shown.add(value);
      }
    }
    for (Values values :
        List.of(explanation.input(), explanation.target(), explanation.prediction())) {
      for (double value : values.data()) {
        shown.add(value);
      }
    }
    for (LayerExplanation layer : explanation.layers()) {
      int index = layer.index();
      Layer actual = network.layers().get(index);
      String where = what + ", layer " + index + " " + layer.layer();
      assertFalse(
          layer.notes().stream().anyMatch(note -> note.contains("does not write")),
          where + " does not explain itself");
      Tensor output = trace.layers().get(index).output();
      Tensor inputGradient =
          index == 0 ? trace.inputGradient() : trace.layers().get(index - 1).outputGradient();
      Tensor input = index == 0 ? trace.input() : trace.layers().get(index - 1).output();
      for (Quantity quantity : concat(layer.forward(), layer.backward())) {
        String role = quantity.role();
        Tensor traced =
            switch (role) {
              case "preActivation", "activation", "output" -> output;
              case "inputGradient" -> inputGradient;
              case "delta" ->
                  actual instanceof ActivationLayer
                      ? inputGradient
                      : trace.layers().get(index).outputGradient();
              case "activationGradient", "outputGradient" ->
                  trace.layers().get(index).outputGradient();
              case "weightsGradient", "biasGradient", "scaleGradient", "shiftGradient" ->
                  trace
                      .parameterGradients()
                      .get(
                          ParameterName.text(
                              index, role.replace("Gradient", "").replace("weights", "weights")));
              default -> null;
            };
        if (traced != null) {
          assertEquals(
              List.of(toList(traced.toDoubleArray())),
              List.of(toList(quantity.values().data())),
              where + ": " + role + " is not the traced value");
        }
        if (quantity.worked() != null) {
          checkWorked(quantity, shown, where);
        }
      }
      if (actual instanceof ActivationLayer activationLayer
          && activationLayer.activation() instanceof ElementwiseActivation f) {
        Quantity derivative =
            layer.backward().stream()
                .filter(q -> q.role().equals("derivative"))
                .findFirst()
                .orElseThrow();
        for (int k = 0; k < input.size(); k++) {
          assertEquals(f.value(input.get(k)), output.get(k), 0, where + ": f");
          assertEquals(
              f.derivative(input.get(k), output.get(k)),
              derivative.values().data()[k],
              0,
              where + ": f′");
        }
      }
    }
    LossExplanation lossExplanation = explanation.loss();
    assertEquals(trace.loss(), lossExplanation.value(), 0, what + ": loss");
    Quantity gradient = lossExplanation.quantities().get(lossExplanation.quantities().size() - 1);
    assertEquals("predictionGradient", gradient.role());
    assertEquals(
        toList(
            loss.gradient(
                    trace.prediction(),
                    trace.layers().isEmpty() ? null : explanationTarget(explanation))
                .toDoubleArray()),
        toList(gradient.values().data()),
        what + ": ∂L/∂ŷ");
    for (Quantity quantity : lossExplanation.quantities()) {
      if (quantity.worked() != null) {
        checkWorked(quantity, shown, what + ", loss");
      }
      if (quantity.role().equals("lossTerms") && loss instanceof ElementwiseLoss elementwise) {
        for (int k = 0; k < quantity.values().size(); k++) {
          assertEquals(
              elementwise.elementValue(trace.prediction().get(k), explanation.target().data()[k]),
              quantity.values().data()[k],
              0,
              what + ": ℓ" + k);
        }
      }
    }
  }

  private static Tensor explanationTarget(Explanation explanation) {
    return Tensor.fromFlat(
        DType.FLOAT64,
        dev.nabla.tensor.Shape.of(1, explanation.target().size()),
        explanation.target().data());
  }

  /** The worked element is its matrix's element, and its terms add up to it. */
  private static void checkWorked(Quantity quantity, Set<Double> shown, String where) {
    Worked worked = quantity.worked();
    int[] at = worked.indices();
    Values values = quantity.values();
    double element =
        at.length == 2
            ? values.get(at[0], at[1])
            : values.rows() == 1 ? values.data()[at.length == 0 ? 0 : at[0]] : Double.NaN;
    assertEquals(
        element,
        worked.value(),
        0,
        where + ": " + worked.symbol().text() + " is not its matrix's element");
    if (!worked.terms().isEmpty()) {
      assertEquals(
          worked.value(),
          worked.termsValue(),
          TOLERANCE * Math.max(1, Math.abs(worked.value())),
          where + ": the terms of " + worked.symbol().text() + " do not add up");
      for (Term term : worked.terms()) {
        for (Factor factor : term.factors()) {
          if (!factor.symbol().text().startsWith("1/")) {
            assertTrue(
                shown.contains(factor.value()),
                where
                    + ": factor "
                    + factor.symbol().text()
                    + " = "
                    + factor.value()
                    + " of "
                    + worked.symbol().text()
                    + " is in no matrix of the document");
          }
        }
      }
    } else {
      assertNotNull(worked.definition());
      assertNotNull(worked.substituted());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void theWrittenOutStepEndsAtTheValueTheOptimizerProduced(OptimizerSpec spec) {
    Network network = Network.builder(3).seed(7).dense(4, Activations.tanh()).dense(2).build();
    Tensor x = sample(3, 1, false);
    Tensor y = sample(2, 2, false);
    Optimizer optimizer = spec.create();
    Explanation explanation =
        Explainer.explain(
            network, Losses.meanSquaredError(), optimizer, x, y, ExplainOptions.parse("1,2"));
    Trace trace = Tracer.trace(network.copy(), Losses.meanSquaredError(), x, y);
    Network stepped = network.copy();
    trace.parameterGradients().forEach((name, g) -> stepped.parameter(name).gradient().copyFrom(g));
    spec.create().step(stepped.parameters());
    UpdateExplanation update = explanation.update();
    assertFalse(update.rule().isEmpty(), spec + " writes no rule");
    assertEquals(4, update.parameters().size());
    for (ParameterUpdate parameter : update.parameters()) {
      assertEquals(
          toList(stepped.parameter(parameter.name()).value().toDoubleArray()),
          toList(parameter.after().data()),
          parameter.name());
      assertFalse(parameter.steps().isEmpty(), spec + " does not write its step out");
      Worked last = parameter.steps().get(parameter.steps().size() - 1);
      int[] at = parameter.steps().get(0).indices();
      assertTrue(last.symbol().text().endsWith("′"), last.symbol().text());
      for (Worked step : parameter.steps()) {
        assertEquals(
            step.value(),
            step.termsValue(),
            TOLERANCE * Math.max(1, Math.abs(step.value())),
            spec + " " + parameter.name() + ": " + step.symbol().text());
      }
      assertTrue(at.length == 0, "an update step is a scalar");
    }
    assertEquals(trace.loss(), update.lossBefore(), 0);
    assertTrue(update.lossAfter() < update.lossBefore(), spec + " did not lower the loss");
  }

  /** The check can fail: terms that do not add up to the element are reported. */
  @Test
  void aWorkedElementWhoseTermsDoNotAddUpIsCaught() {
    Values values = new Values(1, 2, false, new double[] {3, 4});
    Quantity wrong =
        new Quantity(
            "preActivation",
            Formula.of("z"),
            Formula.of("x"),
            "[1 × 2]",
            values,
            Worked.sum(
                Formula.of("z₀"),
                List.of(
                    Term.of(new Factor(Formula.of("a"), 3)),
                    Term.of(new Factor(Formula.of("b"), 4))),
                3,
                0));
    assertThrows(
        org.opentest4j.AssertionFailedError.class,
        () -> checkWorked(wrong, Set.of(3.0, 4.0), "planted"));
  }

  @Test
  void oneSampleOnly() {
    Network network = Network.builder(2).dense(1).build();
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Explainer.explain(
                    network,
                    Losses.meanSquaredError(),
                    new Sgd(0.1),
                    Tensor.zeros(DType.FLOAT64, 2, 2),
                    Tensor.zeros(DType.FLOAT64, 2, 1),
                    ExplainOptions.defaults()));
    assertTrue(error.getMessage().contains("one sample"), error.getMessage());
  }

  @Test
  void anElementOutsideItsLayerIsRefusedNamingTheLayer() {
    Network network = Network.builder(2).dense(3).dense(1).build();
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Explainer.explain(
                    network,
                    Losses.meanSquaredError(),
                    new Sgd(0.1),
                    SeedNetworks.row(1, 2),
                    SeedNetworks.row(3),
                    ExplainOptions.parse("2:1,0")));
    assertTrue(error.getMessage().contains("outside layer 2"), error.getMessage());
  }

  private static List<Quantity> concat(List<Quantity> a, List<Quantity> b) {
    List<Quantity> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static List<Double> toList(double[] values) {
    List<Double> list = new ArrayList<>();
    for (double value : values) {
      list.add(value);
    }
    return list;
  }
}
