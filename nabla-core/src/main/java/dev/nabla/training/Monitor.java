package dev.nabla.training;

import dev.nabla.metrics.Metric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Early stopping's watch: which value, and which way is better. */
record Monitor(EarlyStopping settings, boolean higherIsBetter) {
  /**
   * What the configuration's early stopping watches, checked against what the run will measure;
   * null without early stopping.
   *
   * @throws IllegalArgumentException if the run does not measure it, listing what it measures
   */
  static Monitor of(TrainingConfig config, List<Metric> metrics, boolean validating) {
    EarlyStopping stopping = config.earlyStopping();
    if (stopping == null) {
      return null;
    }
    Map<String, Boolean> available = new LinkedHashMap<>();
    available.put("loss", false);
    if (validating) {
      available.put("validation loss", false);
    }
    for (Metric metric : metrics) {
      available.put(metric.name(), metric.higherIsBetter());
      if (validating) {
        available.put("validation " + metric.name(), metric.higherIsBetter());
      }
    }
    Boolean higherIsBetter = available.get(stopping.monitor());
    if (higherIsBetter == null) {
      throw new IllegalArgumentException(
          "early stopping monitors '"
              + stopping.monitor()
              + "', which this run does not measure; it measures "
              + available.keySet());
    }
    return new Monitor(stopping, higherIsBetter);
  }
}
