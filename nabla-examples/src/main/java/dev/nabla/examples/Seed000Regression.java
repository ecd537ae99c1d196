package dev.nabla.examples;

import static dev.nabla.examples.DemoReport.number;

import dev.nabla.activations.Activations;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.network.ParameterName;
import dev.nabla.network.WeightLayouts;
import dev.nabla.optimizers.Sgd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.tracing.Trace;
import dev.nabla.tracing.Tracer;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingListener;
import dev.nabla.training.TrainingResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Seed notebook 000: the 1-2-2-1 ReLU network with the bias in column 0 of each weight matrix,
 * learning {@code y = x² + 3}. First the notebook's hand-worked step at x = 2 is reproduced, then
 * the same network is trained on the curve over [0, 2].
 */
final class Seed000Regression implements Demo {
  static final double[][] W1 = {{-0.1, 0.7}, {0.3, -0.2}};
  static final double[][] W2 = {{-0.2, 1.1, 0.2}, {-0.1, 0.5, -0.3}};
  static final double[][] W3 = {{0.1, 0.5, 2.3}};
  static final int SAMPLES = 21;
  static final double LEARNING_RATE = 0.01;
  static final int EPOCHS = 5000;

  @Override
  public String name() {
    return "seed000";
  }

  @Override
  public String description() {
    return "x² + 3 with seed 000's 1-2-2-1 ReLU network: its hand-worked step, then trained";
  }

  static Network notebookNetwork() {
    Network network =
        Network.builder(1)
            .dense(2, Activations.relu())
            .dense(2, Activations.relu())
            .dense(1)
            .build();
    WeightLayouts.setFromBiasColumn(network, 0, W1);
    WeightLayouts.setFromBiasColumn(network, 2, W2);
    WeightLayouts.setFromBiasColumn(network, 4, W3);
    return network;
  }

  @Override
  public DemoReport run(TrainingListener listener) {
    Network network = notebookNetwork();
    Loss loss = Losses.halfSquaredError();
    DemoReport.Builder report =
        new DemoReport.Builder("Seed 000: y = x² + 3 with a 1-2-2-1 ReLU network");
    report.section("Network (the notebook's weights)", network.summary());

    Tensor two = Tensor.matrix(DType.FLOAT64, new double[][] {{2}});
    Tensor seven = Tensor.matrix(DType.FLOAT64, new double[][] {{7}});
    Trace trace = Tracer.trace(network, loss, two, seven);
    List<String> step = new ArrayList<>();
    step.add("x = 2, y = 7: prediction " + number(trace.prediction().get(0)));
    step.add("loss ½(y − ŷ)² = " + number(trace.loss()));
    for (int dense = 0; dense <= 4; dense += 2) {
      step.add(
          "∂L/∂w"
              + (dense / 2 + 1)
              + " (bias in column 0) = "
              + Arrays.deepToString(
                  WeightLayouts.toBiasColumn(
                      trace.parameterGradients().get(ParameterName.text(dense, "weights")),
                      trace.parameterGradients().get(ParameterName.text(dense, "bias")))));
    }
    new Sgd(0.001).step(network.parameters());
    Tensor after = network.forward(two);
    step.add(
        "after one SGD step with γ = 0.001: prediction "
            + number(after.get(0))
            + ", loss "
            + number(loss.value(after, seven)));
    report.section("The notebook's step, reproduced", step);

    Tensor xs = Tensor.zeros(DType.FLOAT64, SAMPLES, 1);
    Tensor ys = Tensor.zeros(DType.FLOAT64, SAMPLES, 1);
    for (int sample = 0; sample < SAMPLES; sample++) {
      double x = 2.0 * sample / (SAMPLES - 1);
      xs.set(sample, x);
      ys.set(sample, x * x + 3);
    }
    TrainingResult result =
        Trainer.fit(
            network,
            loss,
            new Sgd(LEARNING_RATE),
            xs,
            ys,
            TrainingConfig.builder().epochs(EPOCHS).fullBatch().build());
    report.section(
        "Training on " + SAMPLES + " points of x ∈ [0, 2]",
        List.of(
            "full-batch SGD, learning rate " + LEARNING_RATE + ", " + result.epochs() + " epochs",
            "loss ½(y − ŷ)² per sample: "
                + number(result.lossHistory().get(0))
                + " → "
                + number(result.finalLoss())));
    int[] shown = {0, 5, 10, 15, 20};
    List<String> predictions = new ArrayList<>();
    Tensor predicted = network.forward(xs);
    for (int sample : shown) {
      predictions.add(
          "x = "
              + number(xs.get(sample))
              + " → "
              + number(predicted.get(sample))
              + "   target "
              + number(ys.get(sample)));
    }
    report.section("What it learned", predictions);
    report.section(
        "Note",
        "Two ReLU units per layer draw x² + 3 as a few straight pieces; a wider network fits it"
            + " closer.");
    report.section(
        "Explain it yourself",
        List.of(
            "The notebook's network is written as seed000-notebook.nabla (with --output-dir)."
                + " Every number above, derived term by term:",
            "nabla explain -m DIR/seed000-notebook.nabla --x 2 --y 7 --lr 0.001 --bias-column",
            "(--bias-column also shows each weight gradient as the notebook lays it out, the bias"
                + " as column 0.)"));
    return report
        .save(
            new DemoReport.Saved(
                "seed000-notebook",
                notebookNetwork(),
                "half_squared_error",
                List.of("x"),
                List.of(),
                "seed 000's 1-2-2-1 network with the notebook's weights, before any step"))
        .metric("prediction after the notebook's step", after.get(0))
        .metric("final loss", result.finalLoss())
        .metric("steps", result.steps())
        .build();
  }
}
