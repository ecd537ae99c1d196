package dev.nabla.explain;

import dev.nabla.layers.ActivationLayer;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Layer;
import dev.nabla.layers.Parameter;
import dev.nabla.losses.Loss;
import dev.nabla.network.Network;
import dev.nabla.network.ParameterName;
import dev.nabla.optimizers.Optimizer;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.tracing.LayerTrace;
import dev.nabla.tracing.Trace;
import dev.nabla.tracing.Tracer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one sample through a network in float64 and inference mode (dropout off, batch norm on its
 * running statistics), backpropagates its loss, takes one optimizer step from fresh state on a
 * copy, and collects each layer's, the loss's and the optimizer's own account of it as an {@link
 * Explanation}. The network given is not changed.
 */
public final class Explainer {
  private Explainer() {}

  /**
   * Backpropagation for one sample, written out.
   *
   * @param network the network, not modified
   * @param loss the loss
   * @param optimizer the optimizer of the step; a fresh one like it takes the step
   * @param input {@code x}, {@code [1 × in]}: the features as the network sees them
   * @param target {@code y}, {@code [1 × out]}
   * @param options the element each layer works
   * @throws IllegalArgumentException if the batch is not one sample, or an element chosen for a
   *     layer does not fit it
   */
  public static Explanation explain(
      Network network,
      Loss loss,
      Optimizer optimizer,
      Tensor input,
      Tensor target,
      ExplainOptions options) {
    if (input.shape().rank() != 2 || input.rows() != 1) {
      throw new IllegalArgumentException(
          "explain takes one sample, a [1 × "
              + network.inputSize()
              + "] row; got "
              + input.shape());
    }
    Network net = network.to(DType.FLOAT64);
    net.setTraining(false);
    Tensor x = input.to(DType.FLOAT64);
    Tensor y = target.to(DType.FLOAT64);
    Trace trace = Tracer.trace(net, loss, x, y);

    List<Layer> layers = net.layers();
    List<LayerExplanation> explained = new ArrayList<>();
    int l = 0;
    String base = "a";
    Formula current = Notation.layer("a", 0);
    boolean activated = true;
    for (int index = 0; index < layers.size(); index++) {
      Layer layer = layers.get(index);
      Formula output;
      if (layer instanceof Dense) {
        l++;
        base = "z";
        activated = false;
        output = Notation.layer("z", l);
      } else if (layer instanceof ActivationLayer && !activated && l > 0) {
        base = "a";
        activated = true;
        output = Notation.layer("a", l);
      } else {
        base = base + "′";
        output = Notation.layer(base, base.replace("′", "'"), l);
      }
      LayerTrace traced = trace.layers().get(index);
      Tensor layerInput = index == 0 ? trace.input() : trace.layers().get(index - 1).output();
      Tensor inputGradient =
          index == 0 ? trace.inputGradient() : trace.layers().get(index - 1).outputGradient();
      Map<String, Tensor> gradients = new LinkedHashMap<>();
      for (String name : layer.parameters().keySet()) {
        gradients.put(name, trace.parameterGradients().get(ParameterName.text(index, name)));
      }
      LayerContext context =
          new LayerContext(
              index,
              l,
              current,
              output,
              gradientSymbol(current),
              gradientSymbol(output),
              layerInput,
              traced.output(),
              inputGradient,
              traced.outputGradient(),
              gradients,
              options,
              index == layers.size() - 1);
      explained.add(layer.explain(context));
      current = output;
    }

    Tensor prediction = trace.prediction();
    int unit = Math.min(options.unit(), prediction.columns() - 1);
    LossExplanation lossExplanation = loss.explain(prediction, y, unit);

    Network stepped = net.copy();
    stepped.setTraining(false);
    trace
        .parameterGradients()
        .forEach((name, gradient) -> stepped.parameter(name).gradient().copyFrom(gradient));
    Optimizer fresh = fresh(optimizer);
    fresh.step(stepped.parameters());
    List<ParameterUpdate> updates = new ArrayList<>();
    for (LayerExplanation layer : explained) {
      for (Map.Entry<String, Formula> entry : layer.parameters().entrySet()) {
        String name = ParameterName.text(layer.index(), entry.getKey());
        Parameter before = net.parameter(name);
        Tensor after = stepped.parameter(name).value();
        Tensor gradient = trace.parameterGradients().get(name);
        int flat;
        Formula element;
        if (before.shape().rank() == 2) {
          int[] chosen =
              options.element(layer.l(), before.value().rows(), before.value().columns());
          flat = chosen[0] * before.value().columns() + chosen[1];
          element = Notation.element(entry.getValue(), chosen[0], chosen[1]);
        } else {
          int chosen = options.element(layer.l(), before.value().size(), Integer.MAX_VALUE)[0];
          flat = chosen;
          element = Notation.element(entry.getValue(), chosen);
        }
        updates.add(
            new ParameterUpdate(
                name,
                entry.getValue(),
                Values.of(before.value()),
                Values.of(after),
                fresh.explainFirstStep(
                    element, before.value().get(flat), gradient.get(flat), after.get(flat))));
      }
    }
    // Parameters no layer named (a layer that does not explain itself) still show before and after.
    for (Map.Entry<String, Parameter> entry : net.parameters().entrySet()) {
      boolean listed = updates.stream().anyMatch(update -> update.name().equals(entry.getKey()));
      if (!listed) {
        updates.add(
            new ParameterUpdate(
                entry.getKey(),
                Formula.of(entry.getKey(), "\\text{" + entry.getKey() + "}"),
                Values.of(entry.getValue().value()),
                Values.of(stepped.parameter(entry.getKey()).value()),
                List.of()));
      }
    }
    Tensor predictionAfter = stepped.forward(x);
    UpdateExplanation update =
        new UpdateExplanation(
            fresh.toString(),
            fresh.rule(),
            updates,
            Values.of(prediction),
            Values.of(predictionAfter),
            trace.loss(),
            loss.value(predictionAfter, y));
    return new Explanation(
        Notation.definitions(),
        Values.of(x),
        Values.of(y),
        explained,
        Values.of(prediction),
        lossExplanation,
        update);
  }

  /** {@code δ⁽ˡ⁾} for {@code z⁽ˡ⁾}, {@code ∂L/∂s} for any other symbol. */
  private static Formula gradientSymbol(Formula symbol) {
    if (symbol.text().startsWith("z⁽")) {
      return Formula.of("δ" + symbol.text().substring(1), "\\delta" + symbol.latex().substring(1));
    }
    return Notation.partial(symbol);
  }

  private static Optimizer fresh(Optimizer optimizer) {
    try {
      return optimizer.fresh();
    } catch (UnsupportedOperationException noSpec) {
      return optimizer;
    }
  }
}
