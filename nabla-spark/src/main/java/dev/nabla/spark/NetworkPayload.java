package dev.nabla.spark;

import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.network.Network;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A trained network as the scoring tasks receive it: the recipe that builds it, the feature width
 * and the weights. Each executor builds the network once per model and shares it among its tasks:
 * {@link Network#predict} is thread-safe.
 */
final class NetworkPayload implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Map<String, Network> BUILT = new ConcurrentHashMap<>();

  /** A key unique to these weights, for the executors' cache. */
  private final String key;

  private final String recipeJson;
  private final int width;
  private final NamedTensors weights;

  NetworkPayload(String key, String recipeJson, int width, NamedTensors weights) {
    this.key = key;
    this.recipeJson = recipeJson;
    this.width = width;
    this.weights = weights;
  }

  /** The network, built on first use in this JVM. */
  Network network() {
    if (BUILT.size() > 64) {
      BUILT.clear();
    }
    return BUILT.computeIfAbsent(
        key,
        unused -> {
          Network network = RecipeJson.parse(recipeJson, "the model's recipe").network(width);
          weights.loadInto(network);
          network.setTraining(false);
          return network;
        });
  }
}
