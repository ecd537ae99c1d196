package dev.nabla.spark;

import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.network.Network;
import dev.nabla.recipe.Recipe;
import dev.nabla.training.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an executor keeps between the steps of a run, per partition, so that a step does not rebuild
 * the network or recompute the epoch's batches: a cache only. Every step sends the weights it
 * needs, so a task that runs on another executor, or again after a failure, gives the same result
 * from an empty cache.
 */
final class Replicas {
  /** Replicas kept per JVM at most; beyond it the cache is emptied, which costs only rebuilding. */
  private static final int LIMIT = 256;

  private static final Map<String, Replica> CACHE = new ConcurrentHashMap<>();

  private Replicas() {}

  /** One partition's network and its epoch's batches. Used by one task at a time. */
  static final class Replica {
    final Recipe recipe;
    final Network network;
    final Trainer trainer;
    int epoch;
    int[][] batches;

    Replica(Recipe recipe, int width) {
      this.recipe = recipe;
      this.network = recipe.network(width);
      this.trainer = recipe.trainer();
    }

    /**
     * The local rows of each global batch of {@code epoch}: batch b of the epoch's order (as one
     * machine cuts it over all {@code total} rows) takes the rows of this partition, which holds
     * global rows {@code [offset, offset + rows)}, at {@code batches[b]}, in the epoch's order.
     */
    int[][] globalBatches(int epoch, long offset, int rows, int total) {
      if (this.epoch == epoch && batches != null) {
        return batches;
      }
      int batchSize = Math.min(recipe.training().batchSize(), total);
      int count = recipe.training().batchesPerEpoch(total);
      int used = Math.min(total, count * batchSize);
      int[] order = recipe.training().epochOrder(epoch, total);
      List<List<Integer>> chosen = new ArrayList<>(count);
      for (int batch = 0; batch < count; batch++) {
        chosen.add(new ArrayList<>());
      }
      for (int position = 0; position < used; position++) {
        long local = order[position] - offset;
        if (local >= 0 && local < rows) {
          chosen.get(position / batchSize).add((int) local);
        }
      }
      int[][] result = new int[count][];
      for (int batch = 0; batch < count; batch++) {
        result[batch] = chosen.get(batch).stream().mapToInt(Integer::intValue).toArray();
      }
      this.epoch = epoch;
      this.batches = result;
      return result;
    }
  }

  /** The replica of {@code partition} in run {@code run}, built from the recipe on first use. */
  static Replica of(String run, int partition, String recipeJson, int width) {
    if (CACHE.size() > LIMIT) {
      CACHE.clear();
    }
    return CACHE.computeIfAbsent(
        run + "/" + partition,
        key -> new Replica(RecipeJson.parse(recipeJson, "the run's recipe"), width));
  }

  /** Drops the run's replicas from this JVM's cache. */
  static void forget(String run) {
    CACHE.keySet().removeIf(key -> key.startsWith(run + "/"));
  }
}
