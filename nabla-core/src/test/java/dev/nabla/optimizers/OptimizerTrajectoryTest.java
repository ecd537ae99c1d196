package dev.nabla.optimizers;

import static dev.nabla.testing.TensorAssertions.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.activations.Activations;
import dev.nabla.losses.Loss;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer reproduces PyTorch's {@code torch.optim} trajectory, six steps, to 1e-12 in
 * float64. The trajectories come from {@code golden/make_optimizer_trajectories.py} (PyTorch 1.13).
 */
class OptimizerTrajectoryTest {
  private static final double TOLERANCE = 1e-12;
  private static final JsonNode GOLDEN = read("/golden/optimizer-trajectories.json");
  private static final JsonNode GOLDEN_FLOAT32 =
      read("/golden/optimizer-trajectories-float32.json");

  private static JsonNode read(String resource) {
    try (InputStream in = OptimizerTrajectoryTest.class.getResourceAsStream(resource)) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> runs() {
    List<String> names = new ArrayList<>();
    GOLDEN.get("runs").forEach(run -> names.add(run.get("name").asText()));
    return names;
  }

  /** The Nabla optimizer a PyTorch optimizer name and its keyword arguments describe. */
  static Optimizer fromPyTorch(String optimizer, JsonNode hyper) {
    double lr = hyper.path("lr").asDouble(Double.NaN);
    switch (optimizer) {
      case "SGD":
        return Sgd.builder(lr)
            .momentum(hyper.path("momentum").asDouble(0))
            .dampening(hyper.path("dampening").asDouble(0))
            .nesterov(hyper.path("nesterov").asBoolean(false))
            .weightDecay(hyper.path("weight_decay").asDouble(0))
            .build();
      case "Adagrad":
        return Adagrad.builder()
            .learningRate(lr)
            .learningRateDecay(hyper.path("lr_decay").asDouble(0))
            .weightDecay(hyper.path("weight_decay").asDouble(0))
            .initialAccumulatorValue(hyper.path("initial_accumulator_value").asDouble(0))
            .epsilon(hyper.path("eps").asDouble(1e-10))
            .build();
      case "RMSprop":
        return RmsProp.builder()
            .learningRate(lr)
            .alpha(hyper.path("alpha").asDouble(0.99))
            .epsilon(hyper.path("eps").asDouble(1e-8))
            .weightDecay(hyper.path("weight_decay").asDouble(0))
            .momentum(hyper.path("momentum").asDouble(0))
            .centered(hyper.path("centered").asBoolean(false))
            .build();
      case "Adam":
      case "AdamW":
        Adam.Builder builder = optimizer.equals("Adam") ? Adam.builder() : Adam.adamW();
        builder.learningRate(lr).amsgrad(hyper.path("amsgrad").asBoolean(false));
        if (hyper.has("betas")) {
          builder.betas(hyper.get("betas").get(0).asDouble(), hyper.get("betas").get(1).asDouble());
        }
        if (hyper.has("eps")) {
          builder.epsilon(hyper.get("eps").asDouble());
        }
        if (hyper.has("weight_decay")) {
          builder.weightDecay(hyper.get("weight_decay").asDouble());
        }
        return builder.build();
      default:
        throw new IllegalArgumentException("no Nabla optimizer for torch.optim." + optimizer);
    }
  }

  @ParameterizedTest
  @MethodSource("runs")
  void matchesPyTorchStepForStep(String runName) {
    replay(GOLDEN, runName, DType.FLOAT64, TOLERANCE);
  }

  /**
   * Float32 parameters are updated in float32, as PyTorch does. The two sum their products in
   * different orders, and the differences compound over six steps: the largest, measured over all
   * thirteen runs, is between 6e-7 and 1e-6 (about ten float32 ulps at these magnitudes; the
   * tolerance was lowered until a run failed).
   */
  @ParameterizedTest
  @MethodSource("runs")
  void matchesPyTorchInFloat32(String runName) {
    replay(GOLDEN_FLOAT32, runName, DType.FLOAT32, FLOAT32_TOLERANCE);
  }

  static final double FLOAT32_TOLERANCE = 1e-6;

  private static void replay(JsonNode golden, String runName, DType dtype, double tolerance) {
    JsonNode run = null;
    for (JsonNode candidate : golden.get("runs")) {
      if (candidate.get("name").asText().equals(runName)) {
        run = candidate;
      }
    }
    Network network = Network.builder(3).dense(4, Activations.tanh()).dense(2).build();
    for (Map.Entry<String, JsonNode> entry : golden.get("initial").properties()) {
      network.setParameter(entry.getKey(), tensor(entry.getValue()));
    }
    network = network.to(dtype);
    Tensor inputs = tensor(golden.get("inputs")).to(dtype);
    Tensor targets = tensor(golden.get("targets"));
    Optimizer optimizer = fromPyTorch(run.get("optimizer").asText(), run.get("hyper"));
    Loss loss = Losses.meanSquaredError();

    int step = 0;
    for (JsonNode expected : run.get("steps")) {
      step++;
      network.zeroGradients();
      Tensor prediction = network.forward(inputs);
      network.backward(loss.gradient(prediction, targets));
      optimizer.step(network.parameters());
      for (Map.Entry<String, JsonNode> entry : expected.properties()) {
        assertClose(
            tensor(entry.getValue()),
            network.parameter(entry.getKey()).value(),
            tolerance,
            runName + " " + dtype + " step " + step + " " + entry.getKey());
      }
    }
  }

  /** A nested JSON list as a tensor: a list of lists is a matrix, a list of numbers a vector. */
  static Tensor tensor(JsonNode node) {
    if (node.get(0).isArray()) {
      double[][] rows = new double[node.size()][];
      for (int row = 0; row < rows.length; row++) {
        rows[row] = new double[node.get(row).size()];
        for (int column = 0; column < rows[row].length; column++) {
          rows[row][column] = node.get(row).get(column).asDouble();
        }
      }
      return Tensor.matrix(DType.FLOAT64, rows);
    }
    double[] values = new double[node.size()];
    for (int index = 0; index < values.length; index++) {
      values[index] = node.get(index).asDouble();
    }
    return Tensor.fromFlat(DType.FLOAT64, Shape.vector(values.length), values);
  }
}
