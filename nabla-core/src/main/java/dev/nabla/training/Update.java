package dev.nabla.training;

import dev.nabla.layers.Parameter;
import dev.nabla.network.Network;
import dev.nabla.network.ParameterName;
import dev.nabla.optimizers.Optimizer;
import dev.nabla.regularization.GradientClipping;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.WorkerThreads;
import java.util.List;
import java.util.Map;

/**
 * One update from the gradients the parameters hold, in this order: the weight penalties' gradients
 * are added; every gradient is checked to be finite; gradients are clipped by value, then by global
 * norm; the optimizer steps; the max-norm constraints are applied.
 */
final class Update {
  private final Network network;
  private final Optimizer optimizer;
  private final TrainingConfig config;
  // Indexed once: walking the parameter map every step would allocate its iterators.
  private final List<Map.Entry<String, Parameter>> named;

  // The optimizer's step split across the shards' threads, or null on one thread.
  private WorkerThreads workers;
  private int parts;
  private final WorkerThreads.Task stepPart;

  Update(Network network, Optimizer optimizer, TrainingConfig config) {
    this.network = network;
    this.optimizer = optimizer;
    this.config = config;
    this.named = List.copyOf(network.parameters().entrySet());
    this.stepPart = part -> optimizer.stepPart(part, parts);
  }

  /**
   * Runs the optimizer's step in {@code parts} ranges of the parameters' elements on {@code
   * workers}, when the optimizer can ({@link Optimizer#beginSplitStep}); the result is the same.
   */
  void split(WorkerThreads workers, int parts) {
    this.workers = workers;
    this.parts = parts;
  }

  /** The parameters in order, with their names. */
  List<Map.Entry<String, Parameter>> parameters() {
    return named;
  }

  /**
   * Updates the parameters.
   *
   * @throws TrainingDivergedException naming the epoch, batch and parameter if a gradient is not
   *     finite; nothing is changed then
   */
  void apply(int epoch, int batch) {
    apply(epoch, batch, false);
  }

  /**
   * {@link #apply(int, int)}, where {@code finite} says the gradients are already known to be
   * finite (a sharded step's sum checks them as it adds): without weight penalties, which come
   * before the check, they are not looked at again.
   */
  void apply(int epoch, int batch, boolean finite) {
    network.addPenaltyGradients();
    if (!finite || !network.penalties().isEmpty()) {
      checkGradients(epoch, batch);
    }
    if (!Double.isNaN(config.clipValue())) {
      GradientClipping.clipByValue(network.parameters(), config.clipValue());
    }
    if (!Double.isNaN(config.clipNorm())) {
      GradientClipping.clipByGlobalNorm(network.parameters(), config.clipNorm());
    }
    if (workers != null && optimizer.beginSplitStep(network.parameters())) {
      workers.run(parts, stepPart);
    } else {
      optimizer.step(network.parameters());
    }
    network.applyConstraints();
  }

  private void checkGradients(int epoch, int batch) {
    for (int index = 0; index < named.size(); index++) {
      Map.Entry<String, Parameter> entry = named.get(index);
      Tensor gradient = entry.getValue().gradient();
      int bad = gradient.indexOfNonFinite();
      if (bad >= 0) {
        String name = entry.getKey();
        int layer = ParameterName.parse(name).layer();
        throw new TrainingDivergedException(
            epoch,
            batch,
            "the gradient of "
                + name
                + " (layer "
                + layer
                + ", "
                + network.layers().get(layer)
                + ") has "
                + gradient.get(bad)
                + " at element "
                + bad);
      }
    }
  }
}
