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
import dev.nabla.training.StopReason;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingListener;
import dev.nabla.training.TrainingResult;
import java.util.LinkedHashMap;
import java.util.List;
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

  @Override
  public DemoReport run(TrainingListener listener) {
    Network network = notebookNetwork();
    Tensor input = Tensor.matrix(DType.FLOAT64, new double[][] {{0.1, 0.2, 0.7}});
    Tensor target = Tensor.matrix(DType.FLOAT64, new double[][] {{1, 0, 0}});
    BinaryCrossEntropy loss = new BinaryCrossEntropy(Reduction.SUM);
    Tensor before = network.forward(input);

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
            "Note",
            "The notebook stops after 927 steps, but its gradients drop the softmax Jacobian's"
                + " off-diagonal terms and the first layer's ReLU derivative; with the correct"
                + " gradients the target is reached in "
                + result.steps()
                + " steps.")
        .metric("target reached", result.reason() == StopReason.TARGET_LOSS_REACHED ? 1 : 0)
        .metric("final loss", result.finalLoss())
        .metric("steps", result.steps())
        .build();
  }
}
