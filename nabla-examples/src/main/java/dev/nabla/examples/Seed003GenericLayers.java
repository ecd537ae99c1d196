package dev.nabla.examples;

import static dev.nabla.examples.DemoReport.number;

import dev.nabla.activations.Activations;
import dev.nabla.initializers.Initializers;
import dev.nabla.layers.Dense;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.optimizers.Sgd;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.ShapeException;
import dev.nabla.tensor.Tensor;
import dev.nabla.tracing.Trace;
import dev.nabla.tracing.Tracer;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingConfig;
import dev.nabla.training.TrainingListener;
import dev.nabla.training.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seed notebook 003: generic layers chained with a compatibility check, LeakyReLU(0.1), MSE and
 * per-sample training. The notebook's initial weights (std {@code 1/(outs·ins)}) are nearly zero
 * and its target is all zeros, so nothing is learned there; here the weights start from He's scale
 * and the network learns three piecewise-linear functions of a 2-D input, which a leaky-ReLU
 * network can represent exactly: {@code max(x₀, x₁)}, {@code min(x₀, x₁)} and {@code |x₀ − x₁|}.
 */
final class Seed003GenericLayers implements Demo {
  static final int TRAINING_SAMPLES = 2000;
  static final int TEST_SAMPLES = 200;
  static final double LEARNING_RATE = 0.005;
  static final int EPOCHS = 20;
  static final long SEED = 3;

  @Override
  public String name() {
    return "seed003";
  }

  @Override
  public String description() {
    return "seed 003's generic leaky-ReLU layers learning max, min and |x₀ − x₁|, per sample";
  }

  static Tensor[] data(SplittableRandom random, int samples) {
    Tensor inputs = Tensor.zeros(DType.FLOAT64, samples, 2);
    Tensor targets = Tensor.zeros(DType.FLOAT64, samples, 3);
    for (int sample = 0; sample < samples; sample++) {
      double x0 = random.nextGaussian();
      double x1 = random.nextGaussian();
      inputs.set(sample, 0, x0);
      inputs.set(sample, 1, x1);
      targets.set(sample, 0, Math.max(x0, x1));
      targets.set(sample, 1, Math.min(x0, x1));
      targets.set(sample, 2, Math.abs(x0 - x1));
    }
    return new Tensor[] {inputs, targets};
  }

  /** The notebook's generic demo network: 2-4-4-3, LeakyReLU(0.1) after every layer. */
  static Network genericNetwork(long seed) {
    return Network.builder(2)
        .seed(seed)
        .weightInitializer(Initializers.heNormal())
        .dense(4, Activations.leakyRelu(0.1))
        .dense(4, Activations.leakyRelu(0.1))
        .dense(3, Activations.leakyRelu(0.1))
        .build();
  }

  /**
   * The notebook's {@code initialize_weights(outs, ins)}: weights drawn from N(0, std =
   * 1/(outs·ins)) and biases from N(0, std = 1/outs), both nearly zero.
   */
  static Network notebookInitialised(long seed) {
    Network network = genericNetwork(seed);
    SplittableRandom random = new SplittableRandom(seed);
    for (int index = 0; index < network.layers().size(); index++) {
      if (network.layers().get(index) instanceof Dense dense) {
        int outs = dense.outputSize();
        int ins = dense.inputSize();
        Tensor weights = dense.weights().value();
        for (int k = 0; k < weights.size(); k++) {
          weights.set(k, random.nextGaussian() / (outs * ins));
        }
        Tensor bias = dense.bias().value();
        for (int k = 0; k < bias.size(); k++) {
          bias.set(k, random.nextGaussian() / outs);
        }
      }
    }
    return network;
  }

  /** How far the outputs move as the input changes: the largest max − min of an output. */
  static double spread(Network network, Tensor inputs) {
    Tensor outputs = network.forward(inputs);
    double spread = 0;
    for (int column = 0; column < outputs.columns(); column++) {
      double low = Double.POSITIVE_INFINITY;
      double high = Double.NEGATIVE_INFINITY;
      for (int row = 0; row < outputs.rows(); row++) {
        low = Math.min(low, outputs.get(row, column));
        high = Math.max(high, outputs.get(row, column));
      }
      spread = Math.max(spread, high - low);
    }
    return spread;
  }

  /** The largest |ŷ| over the inputs. */
  static double largestOutput(Network network, Tensor inputs) {
    Tensor outputs = network.forward(inputs);
    double largest = 0;
    for (int k = 0; k < outputs.size(); k++) {
      largest = Math.max(largest, Math.abs(outputs.get(k)));
    }
    return largest;
  }

  /**
   * The notebook's "generic loop", {@code dbs.append(f(y) * dxs[-1])}: the chain rule with {@code
   * f} where {@code f′} belongs, in the row convention; the bias gradients it gives, last layer
   * first.
   */
  static List<Tensor> loopWithF(Network network, Trace trace) {
    List<Tensor> biasGradients = new ArrayList<>();
    List<dev.nabla.layers.Layer> layers = network.layers();
    Tensor dx = trace.layers().get(layers.size() - 1).outputGradient();
    for (int index = layers.size() - 2; index >= 0; index -= 2) {
      Dense dense = (Dense) layers.get(index);
      Tensor y = trace.layers().get(index).output();
      Tensor db = Tensor.zeros(DType.FLOAT64, y.shape());
      for (int k = 0; k < y.size(); k++) {
        db.set(k, Activations.leakyRelu(0.1).value(y.get(k)) * dx.get(k));
      }
      biasGradients.add(db);
      Tensor next = Tensor.zeros(DType.FLOAT64, 1, dense.inputSize());
      for (int j = 0; j < dense.inputSize(); j++) {
        double sum = 0;
        for (int i = 0; i < dense.outputSize(); i++) {
          sum += db.get(i) * dense.weights().value().get(i, j);
        }
        next.set(j, sum);
      }
      dx = next;
    }
    return biasGradients;
  }

  private static Tensor vectorRow(Tensor vector) {
    return Tensor.matrix(DType.FLOAT64, new double[][] {vector.toDoubleArray()});
  }

  @Override
  public DemoReport run(TrainingListener listener) {
    SplittableRandom sampling = new SplittableRandom(SEED + 1);
    Tensor hundred = Tensor.zeros(DType.FLOAT64, 100, 2);
    for (int k = 0; k < hundred.size(); k++) {
      hundred.set(k, sampling.nextGaussian());
    }
    Network notebook = notebookInitialised(SEED);
    double notebookSpread = spread(notebook, hundred);
    double notebookLargest = largestOutput(notebook, hundred);
    double heSpread = spread(genericNetwork(SEED), hundred);
    Network zeros = genericNetwork(SEED);
    zeros.parameters().values().forEach(parameter -> parameter.value().fill(0));
    double zerosLargest = largestOutput(zeros, hundred);
    Trace zeroTrace =
        Tracer.trace(
            zeros,
            Losses.meanSquaredError(),
            hundred.gatherRows(new int[] {0}, 0, 1),
            Tensor.zeros(DType.FLOAT64, 1, 3));
    double zerosGradient = 0;
    for (Tensor gradient : zeroTrace.parameterGradients().values()) {
      for (int k = 0; k < gradient.size(); k++) {
        zerosGradient = Math.max(zerosGradient, Math.abs(gradient.get(k)));
      }
    }
    List<String> initialisation =
        List.of(
            "the notebook draws W from N(0, std = 1/(outs·ins)) and b from N(0, std = 1/outs):"
                + " std 0.125, 0.0625 and 0.0833 for the weights of its 2-4-4-3 layers",
            "each layer scales the signal by about std·√ins ≪ 1: over 100 inputs x ~ N(0, 1) the"
                + " outputs move by at most "
                + number(notebookSpread)
                + " as x changes (He's initialisation, std √(2/ins): "
                + number(heSpread)
                + "); what is left is a near-constant set by the biases, |ŷ| ≤ "
                + number(notebookLargest),
            "the notebook prints a loss of 0.0 before and after training, which is what its"
                + " commented-out np.zeros initialiser gives: every output "
                + number(zerosLargest)
                + " and, against its all-zero target, every gradient "
                + number(zerosGradient)
                + ", so training cannot move",
            "this demo starts from He's initialisation, biases 0");
    Network generic = genericNetwork(SEED);
    Tensor x = hundred.gatherRows(new int[] {0}, 0, 1);
    Tensor t =
        Tensor.matrix(
            DType.FLOAT64,
            new double[][] {
              {
                Math.max(x.get(0), x.get(1)),
                Math.min(x.get(0), x.get(1)),
                Math.abs(x.get(0) - x.get(1))
              }
            });
    Trace trace = Tracer.trace(generic, Losses.meanSquaredError(), x, t);
    List<Tensor> withF = loopWithF(generic, trace);
    List<String> loop = new ArrayList<>();
    loop.add(
        "the notebook's generic loop computes dbs.append(f(y) * dxs[-1]): f(y), the activation,"
            + " where the chain rule needs f′(y); its train method gets it right with df(y)");
    loop.add("for one sample x = " + Tables.row(x, 0) + ", target [max, min, |x₀ − x₁|]:");
    for (int layer = 3; layer >= 1; layer--) {
      Tensor correct = trace.parameterGradients().get("layers." + 2 * (layer - 1) + ".bias");
      loop.add(
          "  ∂L/∂b⁽"
              + layer
              + "⁾ correct (f′) "
              + Tables.row(vectorRow(correct), 0)
              + "   loop with f "
              + Tables.row(withF.get(3 - layer), 0));
    }
    loop.add(
        "with LeakyReLU, f′ is 1 or 0.1 but f(y) is y or 0.1·y: the loop scales each δ by the"
            + " pre-activation itself. nabla explain writes f′(z) beside every δ.");
    String compatibility;
    try {
      Network.builder(2).dense(4).add(new Dense(5, 1, true, DType.FLOAT64));
      compatibility = "(no error: this is a bug)";
    } catch (ShapeException expected) {
      compatibility = "Layer(2, 4) then Layer(5, 1): " + expected.getMessage();
    }

    SplittableRandom random = new SplittableRandom(SEED);
    Tensor[] training = data(random, TRAINING_SAMPLES);
    Tensor[] test = data(random, TEST_SAMPLES);
    Network network =
        Network.builder(2)
            .seed(SEED)
            .weightInitializer(Initializers.heNormal())
            .dense(16, Activations.leakyRelu(0.1))
            .dense(16, Activations.leakyRelu(0.1))
            .dense(3)
            .build();
    double testLossBefore = Losses.meanSquaredError().value(network.forward(test[0]), test[1]);

    TrainingResult result =
        Trainer.fit(
            network,
            Losses.meanSquaredError(),
            new Sgd(LEARNING_RATE),
            training[0],
            training[1],
            TrainingConfig.builder().epochs(EPOCHS).batchSize(1).seed(SEED).build());

    Tensor predictions = network.forward(test[0]);
    double testLoss = Losses.meanSquaredError().value(predictions, test[1]);
    int[] first = {0, 1, 2, 3, 4};
    return new DemoReport.Builder("Seed 003: generic layers with leaky ReLU")
        .section("The layer-compatibility check", List.of(compatibility))
        .section("The notebook's initialisation", initialisation)
        .section("The notebook's generic loop: f where f′ belongs", loop)
        .section("Network", network.summary())
        .section(
            "Training",
            List.of(
                "per-sample SGD, learning rate "
                    + LEARNING_RATE
                    + ", "
                    + EPOCHS
                    + " epochs of "
                    + TRAINING_SAMPLES
                    + " samples",
                "mean squared error on "
                    + TEST_SAMPLES
                    + " unseen samples: "
                    + number(testLossBefore)
                    + " → "
                    + number(testLoss)))
        .section(
            "What it learned: [x₀, x₁] → [max, min, |x₀ − x₁|]",
            Tables.predictions(
                test[0].gatherRows(first, 0, 5),
                predictions.gatherRows(first, 0, 5),
                test[1].gatherRows(first, 0, 5)))
        .save(
            new DemoReport.Saved(
                "seed003",
                network,
                "mse",
                List.of("x0", "x1"),
                List.of(),
                "seed 003's leaky-ReLU network trained on [max, min, |x₀ − x₁|]"))
        .metric("output spread with the notebook's initialisation", notebookSpread)
        .metric("output spread with He's initialisation", heSpread)
        .metric("test mean squared error before training", testLossBefore)
        .metric("test mean squared error", testLoss)
        .build();
  }
}
