package dev.nabla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nabla.checkpoint.Checkpoint;
import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.recipe.Recipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What differs between the run a checkpoint was written by and the run about to resume it: each
 * recipe setting that changed, as {@code optimizer.learningRate: 0.001 → 0.01}, and the data, by
 * SHA-256. The number of epochs may change freely: continuing a run for longer is what resuming is
 * for.
 */
final class ResumeCheck {
  private ResumeCheck() {}

  static List<String> changes(Checkpoint checkpoint, Recipe recipe, String dataSha256, Path data) {
    List<String> changes = new ArrayList<>();
    String saved = checkpoint.metadata().get(TrainCommand.RECIPE_KEY);
    if (saved == null) {
      changes.add("the checkpoint does not record its recipe (an older Nabla wrote it)");
    } else {
      JsonNode before = RecipeJson.toTree(RecipeJson.parse(saved, "the checkpoint's recipe"));
      difference(before, RecipeJson.toTree(recipe), "", changes);
    }
    String savedData = checkpoint.metadata().get(TrainCommand.DATA_KEY);
    if (savedData == null) {
      changes.add("the checkpoint does not record the SHA-256 of its data");
    } else if (!savedData.equals(dataSha256)) {
      changes.add(
          "data: "
              + data
              + " has SHA-256 "
              + dataSha256.substring(0, 12)
              + "…, the checkpoint's data "
              + savedData.substring(0, Math.min(12, savedData.length()))
              + "…");
    }
    return changes;
  }

  private static void difference(JsonNode before, JsonNode now, String path, List<String> out) {
    if (path.equals("training.epochs")) {
      return;
    }
    if (before.isObject() && now.isObject()) {
      Set<String> names = new LinkedHashSet<>();
      before.fieldNames().forEachRemaining(names::add);
      now.fieldNames().forEachRemaining(names::add);
      for (Iterator<String> it = names.iterator(); it.hasNext(); ) {
        String name = it.next();
        difference(
            before.path(name), now.path(name), path.isEmpty() ? name : path + "." + name, out);
      }
    } else if (before.isArray() && now.isArray() && before.size() == now.size()) {
      for (int index = 0; index < before.size(); index++) {
        difference(before.get(index), now.get(index), path + "[" + index + "]", out);
      }
    } else if (!before.equals(now)) {
      out.add(path + ": " + text(before) + " → " + text(now));
    }
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() ? "(not set)" : node.toString();
  }
}
