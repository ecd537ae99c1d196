package dev.nabla.spark;

import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.network.Network;
import dev.nabla.recipe.Recipe;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
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

  /**
   * A partition's rows in the validation split: {@code training} its training rows in ascending
   * order, {@code validation} its held-out rows in the split's order (as one machine's {@code
   * Trainer} holds them out), both local row numbers.
   */
  record Split(int[] training, int[] validation) {}

  /**
   * The validation split of all {@code total} rows as one machine's {@code Trainer} makes it: the
   * seeded permutation of {@link TrainingConfig#splitOrder}, null when nothing is held out.
   */
  static int[] splitOrder(TrainingConfig config, int total) {
    return config.validationSamples(total) == 0 ? null : config.splitOrder(total);
  }

  /** The rows one machine trains on: all but the held-out ones. */
  static int trainingRows(TrainingConfig config, int total) {
    return total - config.validationSamples(total);
  }

  /** Partition's rows {@code [offset, offset + rows)} of all {@code total}, split. */
  static Split split(TrainingConfig config, int[] order, long offset, int rows, int total) {
    if (order == null) {
      int[] all = new int[rows];
      Arrays.setAll(all, index -> index);
      return new Split(all, new int[0]);
    }
    int kept = trainingRows(config, total);
    boolean[] training = new boolean[rows];
    List<Integer> validation = new ArrayList<>();
    for (int position = 0; position < total; position++) {
      long local = order[position] - offset;
      if (local >= 0 && local < rows) {
        if (position < kept) {
          training[(int) local] = true;
        } else {
          validation.add((int) local);
        }
      }
    }
    int count = 0;
    for (boolean isTraining : training) {
      count += isTraining ? 1 : 0;
    }
    int[] trainingRows = new int[count];
    for (int local = 0, at = 0; local < rows; local++) {
      if (training[local]) {
        trainingRows[at++] = local;
      }
    }
    return new Split(trainingRows, validation.stream().mapToInt(Integer::intValue).toArray());
  }

  /** One partition's network and its epoch's batches. Used by one task at a time. */
  static final class Replica {
    final Recipe recipe;
    final Network network;
    final Trainer trainer;
    int epoch;
    int[][] batches;
    private int[] order;
    private Split split;

    Replica(Recipe recipe, int width) {
      this.recipe = recipe;
      this.network = recipe.network(width);
      this.trainer = recipe.trainer();
    }

    /** This partition's rows, split into training and validation rows; computed once. */
    Split split(long offset, int rows, int total) {
      if (split == null) {
        order = splitOrder(recipe.training(), total);
        split = Replicas.split(recipe.training(), order, offset, rows, total);
      }
      return split;
    }

    /**
     * The local rows of each global batch of {@code epoch}: batch b of the epoch's order (as one
     * machine cuts it over its training rows, all {@code total} rows but the validation split's)
     * takes the rows of this partition, which holds global rows {@code [offset, offset + rows)}, at
     * {@code batches[b]}, in the epoch's order.
     */
    int[][] globalBatches(int epoch, long offset, int rows, int total) {
      if (this.epoch == epoch && batches != null) {
        return batches;
      }
      split(offset, rows, total);
      TrainingConfig config = recipe.training();
      int kept = trainingRows(config, total);
      int batchSize = Math.min(config.batchSize(), kept);
      int count = config.batchesPerEpoch(kept);
      int used = Math.min(kept, count * batchSize);
      int[] epochOrder = config.epochOrder(epoch, kept);
      List<List<Integer>> chosen = new ArrayList<>(count);
      for (int batch = 0; batch < count; batch++) {
        chosen.add(new ArrayList<>());
      }
      for (int position = 0; position < used; position++) {
        // Training sample i of one machine is row order[i] of all rows (the split's permutation).
        int row = order == null ? epochOrder[position] : order[epochOrder[position]];
        long local = row - offset;
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
