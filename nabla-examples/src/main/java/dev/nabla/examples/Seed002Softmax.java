package dev.nabla.examples;

import static dev.nabla.examples.DemoReport.number;

import dev.nabla.activations.Activations;
import dev.nabla.initializers.Initializers;
import dev.nabla.layers.Parameter;
import dev.nabla.losses.BinaryCrossEntropy;
import dev.nabla.losses.Reduction;
import dev.nabla.network.Network;
import dev.nabla.network.ParameterName;
import dev.nabla.network.WeightLayouts;
import dev.nabla.optimizers.Optimizer;
import dev.nabla.optimizers.Sgd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.tracing.Trace;
import dev.nabla.tracing.Tracer;
import dev.nabla.training.StopReason;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingListener;
import dev.nabla.training.TrainingResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seed notebook 002: a 3-3-3-3 network with ReLU and a softmax output, every bias the constant 0.3,
 * trained by SGD (learning rate 0.01) on one sample until the per-class binary cross-entropy,
 * summed over the classes, is at most 0.01. The biases stay 0.3, as in the notebook; the gradients
 * are the correct ones, so the step count differs from the notebook's 927.
 */
final class Seed002Softmax implements Demo {
  static final double[][] W_IJ = {{0.1, 0.2, 0.3}, {0.3, 0.2, 0.7}, {0.4, 0.3, 0.9}};
  static final double[][] W_JK = {{0.2, 0.3, 0.5}, {0.3, 0.5, 0.7}, {0.6, 0.4, 0.8}};
  static final double[][] W_KO = {{0.1, 0.4, 0.8}, {0.3, 0.7, 0.2}, {0.5, 0.2, 0.9}};
  static final double BIAS = 0.3;
  static final double TARGET_LOSS = 0.01;
  static final double LEARNING_RATE = 0.01;
  static final int MAX_STEPS = 100_000;

  @Override
  public String name() {
    return "seed002";
  }

  @Override
  public String description() {
    return "seed 002's 3-3-3-3 softmax network trained until its loss is ≤ 0.01";
  }

  static Network notebookNetwork() {
    Network network =
        Network.builder(3)
            .biasInitializer(Initializers.constant(BIAS))
            .dense(3, Activations.relu())
            .dense(3, Activations.relu())
            .dense(3, Activations.softmax())
            .build();
    double[][][] weights = {W_IJ, W_JK, W_KO};
    for (int layer = 0; layer < 3; layer++) {
      network.setParameter(
          ParameterName.text(2 * layer, "weights"),
          WeightLayouts.fromRowVectorConvention(DType.FLOAT64, weights[layer]));
    }
    return network;
  }

  /** The notebook updates the weights only; its bias is a constant. */
  static Optimizer weightsOnly(Optimizer optimizer) {
    return new Optimizer() {
      @Override
      public void step(Map<String, Parameter> parameters) {
        Map<String, Parameter> weights = new LinkedHashMap<>();
        parameters.forEach(
            (name, parameter) -> {
              if (name.endsWith(".weights")) {
                weights.put(name, parameter);
              }
            });
        optimizer.step(weights);
      }

      @Override
      public Optimizer fresh() {
        return weightsOnly(optimizer.fresh());
      }

      @Override
      public double learningRate() {
        return optimizer.learningRate();
      }

      @Override
      public void setLearningRate(double learningRate) {
        optimizer.setLearningRate(learningRate);
      }

      @Override
      public Map<String, Tensor> state() {
        return optimizer.state();
      }

      @Override
      public void loadState(Map<String, Tensor> state) {
        optimizer.loadState(state);
      }
    };
  }

  /**
   * The notebook's gradients, as its {@code build_NN} computes them, in its layout {@code [in ×
   * out]}: {@code g_ij}, {@code g_jk}, {@code g_ko}. With {@code d = ∂L/∂o_out ⊙ o_out(1 − o_out)},
   * the softmax Jacobian's diagonal alone: {@code g_ko = k_outᵀ·d}; {@code dL_dk = d·w_koᵀ},
   * without the ReLU derivative; {@code g_jk = j_outᵀ·dL_dk}; {@code g_ij = iᵀ·(dL_dk ⊙
   * diag(w_jk))}, one term of each sum over k and no ReLU derivative.
   */
  static double[][][] notebookGradients(double[] i, double[] t, Trace trace) {
    double[] jOut = trace.layers().get(1).output().toDoubleArray();
    double[] kOut = trace.layers().get(3).output().toDoubleArray();
    double[] oOut = trace.layers().get(5).output().toDoubleArray();
    double[] d = new double[3];
    for (int o = 0; o < 3; o++) {
      d[o] = (-t[o] / oOut[o] + (1 - t[o]) / (1 - oOut[o])) * (oOut[o] - oOut[o] * oOut[o]);
    }
    double[] dLdk = notebookDlDk(t, oOut);
    double[][] gIj = new double[3][3];
    double[][] gJk = new double[3][3];
    double[][] gKo = new double[3][3];
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        gKo[a][b] = kOut[a] * d[b];
        gJk[a][b] = jOut[a] * dLdk[b];
        gIj[a][b] = i[a] * dLdk[b] * W_JK[b][b];
      }
    }
    return new double[][][] {gIj, gJk, gKo};
  }

  /** The notebook's {@code dL_dk} for the first sample's target [1, 0, 0]. */
  static double[] notebookDlDk(Trace trace) {
    return notebookDlDk(new double[] {1, 0, 0}, trace.layers().get(5).output().toDoubleArray());
  }

  /**
   * The notebook's {@code dL_dk = Σ_o (−t/o_out + (1 − t)/(1 − o_out))·(o_out − o_out²)·w_ko}: the
   * softmax Jacobian's diagonal alone, and no ReLU derivative.
   */
  static double[] notebookDlDk(double[] t, double[] oOut) {
    double[] dLdk = new double[3];
    for (int k = 0; k < 3; k++) {
      for (int o = 0; o < 3; o++) {
        double d = (-t[o] / oOut[o] + (1 - t[o]) / (1 - oOut[o])) * (oOut[o] - oOut[o] * oOut[o]);
        dLdk[k] += d * W_KO[k][o];
      }
    }
    return dLdk;
  }

  /** The notebook's gradients beside the correct ones (the trace's), element by element. */
  static List<String> gradientComparison(double[] input, double[] target, Trace trace) {
    double[][][] notebook = notebookGradients(input, target, trace);
    String[] names = {"w_ij", "w_jk", "w_ko"};
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT, "%-12s %12s %12s %12s", "element", "notebook", "correct", "difference"));
    for (int layer = 0; layer < 3; layer++) {
      // Ours is [out × in]; the notebook's w[a][b] connects input a to output b.
      Tensor correct = trace.parameterGradients().get(ParameterName.text(2 * layer, "weights"));
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
          double right = correct.get(b, a);
          lines.add(
              String.format(
                  Locale.ROOT,
                  "%-12s %12s %12s %12s",
                  names[layer] + "[" + a + "][" + b + "]",
                  number(notebook[layer][a][b]),
                  number(right),
                  number(notebook[layer][a][b] - right)));
        }
      }
    }
    return lines;
  }

  @Override
  public DemoReport run(TrainingListener listener) {
    Network network = notebookNetwork();
    double[] inputValues = {0.1, 0.2, 0.7};
    double[] targetValues = {1, 0, 0};
    Tensor input = Tensor.matrix(DType.FLOAT64, new double[][] {inputValues});
    Tensor target = Tensor.matrix(DType.FLOAT64, new double[][] {targetValues});
    BinaryCrossEntropy loss = new BinaryCrossEntropy(Reduction.SUM);
    Tensor before = network.forward(input);
    Trace trace = Tracer.trace(network.copy(), loss, input, target);
    double[][][] notebook = notebookGradients(inputValues, targetValues, trace);
    double delta0 = trace.layers().get(4).outputGradient().get(0);
    double k0 = trace.layers().get(3).output().get(0);

    TrainingResult result =
        Trainer.fit(
            network,
            loss,
            weightsOnly(new Sgd(LEARNING_RATE)),
            input,
            target,
            TrainingConfig.builder().epochs(MAX_STEPS).fullBatch().targetLoss(TARGET_LOSS).build());

    Tensor after = network.forward(input);
    return new DemoReport.Builder("Seed 002: a softmax network trained to a target loss")
        .section("Network (the notebook's weights, biases fixed at 0.3)", network.summary())
        .section(
            "Training",
            List.of(
                "SGD, learning rate " + LEARNING_RATE + ", until Σ per-class BCE ≤ " + TARGET_LOSS,
                result.describe(),
                "loss " + number(result.lossHistory().get(0)) + " → " + number(result.finalLoss())))
        .section(
            "Softmax output for input [0.1, 0.2, 0.7], target [1, 0, 0]",
            List.of("before: " + Tables.row(before, 0), "after:  " + Tables.row(after, 0)))
        .section(
            "The notebook's first gradients beside the correct ones (its layout, [in × out])",
            gradientComparison(inputValues, targetValues, trace))
        .section(
            "Why they differ",
            List.of(
                "w_ko: the notebook multiplies ∂L/∂o_out by o_out(1 − o_out), the softmax"
                    + " Jacobian's diagonal alone. Softmax couples every output: ∂o_outᵢ/∂oⱼ ="
                    + " o_outᵢ([i = j] − o_outⱼ), so δᵢ = Σⱼ ∂L/∂o_outⱼ·o_outⱼ([i = j] − o_outᵢ)"
                    + " and the terms −o_outᵢ·o_outⱼ are lost.",
                "  its worked element: (−t₀/o₀ + (1−t₀)/(1−o₀))·(o₀ − o₀²)·k₀ = "
                    + number(notebook[2][0][0])
                    + "; correct: δ₀·k₀ = "
                    + number(delta0)
                    + "·"
                    + number(k0)
                    + " = "
                    + number(delta0 * k0),
                "w_jk: inherits the wrong δ of the output layer (and leaves out the ReLU"
                    + " derivative, which is 1 here since every k > 0).",
                "w_ij: its training loop takes dL_dk ⊙ diag(w_jk), one term of the sum Σₖ"
                    + " δₖ·w_jk[j][k], and skips the ReLU derivative of j (the table above); its"
                    + " step-by-step cells use diag(w_ij) instead and print w_ij[0][0] = "
                    + number(inputValues[0] * notebookDlDk(trace)[0] * W_IJ[0][0])
                    + ", a third value for the same element.",
                "The notebook's bias 0.3 is a constant it never updates; so does this demo.",
                "The notebook stops after 927 steps with these gradients; with the correct ones"
                    + " the target is reached in "
                    + result.steps()
                    + " steps."))
        .section(
            "Explain it yourself",
            List.of(
                "The notebook's network is written as seed002-notebook.nabla (with --output-dir):",
                "nabla explain -m DIR/seed002-notebook.nabla --x 0.1,0.2,0.7 --y 1,0,0 --lr 0.01",
                "shows the softmax Jacobian, the full sum for each δ and every gradient worked."))
        .save(
            new DemoReport.Saved(
                "seed002-notebook",
                notebookNetwork(),
                "binary_cross_entropy:sum",
                List.of("i0", "i1", "i2"),
                List.of(),
                "seed 002's 3-3-3-3 softmax network with the notebook's weights, before any step"))
        .save(
            new DemoReport.Saved(
                "seed002-trained",
                network,
                "binary_cross_entropy:sum",
                List.of("i0", "i1", "i2"),
                List.of(),
                "seed 002's network trained until its loss is ≤ " + TARGET_LOSS))
        .metric("target reached", result.reason() == StopReason.TARGET_LOSS_REACHED ? 1 : 0)
        .metric("final loss", result.finalLoss())
        .metric("steps", result.steps())
        .build();
  }
}
