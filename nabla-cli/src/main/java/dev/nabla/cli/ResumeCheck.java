package dev.nabla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nabla.checkpoint.Checkpoint;
import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.recipe.Recipe;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What differs between the run a checkpoint was written by and the run about to resume it: each
 * recipe setting that changed, as {@code optimizer.learningRate: 0.001 → 0.01}, and the data, by
 * SHA-256 and reading options. More epochs is no change — continuing a run for longer is what
 * resuming is for — unless a cosine schedule takes its length from them; fewer epochs than the
 * checkpoint has run is. A different kind of optimizer or schedule cannot be continued at all: the
 * checkpoint's state belongs to the old one.
 *
 * @param changes differences the user may accept with {@code --accept-changes}
 * @param impossible differences no resume can continue across
 */
record ResumeCheck(List<String> changes, List<String> impossible) {
  /** The checkpoint metadata holding the run's recipe. */
  static final String RECIPE = "recipe";

  /** The checkpoint metadata holding the SHA-256 of each data file, and how it was read. */
  static final String DATA = "data";

  static ResumeCheck of(Checkpoint checkpoint, Recipe recipe, String data) {
    List<String> changes = new ArrayList<>();
    List<String> impossible = new ArrayList<>();
    String saved = checkpoint.metadata().get(RECIPE);
    if (saved == null) {
      changes.add("the checkpoint does not record its recipe (an older Nabla wrote it)");
    } else {
      Recipe before = RecipeJson.parse(saved, "the checkpoint's recipe");
      JsonNode old = RecipeJson.toTree(before);
      JsonNode now = RecipeJson.toTree(recipe);
      for (String part : List.of("optimizer", "schedule")) {
        String was = old.path(part).path("type").asText();
        String is = now.path(part).path("type").asText();
        if (!was.equals(is)) {
          impossible.add(part + ": " + was + " → " + is);
          ((com.fasterxml.jackson.databind.node.ObjectNode) old).remove(part);
          ((com.fasterxml.jackson.databind.node.ObjectNode) now).remove(part);
        }
      }
      epochs(checkpoint, before, recipe, changes);
      difference(old, now, "", changes);
    }
    String savedData = checkpoint.metadata().get(DATA);
    if (savedData == null) {
      changes.add("the checkpoint does not record the SHA-256 of its data");
    } else if (!savedData.equals(data)) {
      changes.add("data: " + savedData + " → " + data);
    }
    return new ResumeCheck(changes, impossible);
  }

  /** The epochs: more is no change unless a cosine schedule stretches with them. */
  private static void epochs(Checkpoint checkpoint, Recipe before, Recipe now, List<String> out) {
    int was = before.training().epochs();
    int is = now.training().epochs();
    int done = (int) checkpoint.scalar("epoch");
    boolean stretches =
        now.schedule().type().equals("cosine") && !now.schedule().config().has("epochs");
    if (is < done) {
      out.add(
          "training.epochs: "
              + was
              + " → "
              + is
              + ", fewer than the "
              + done
              + " the checkpoint has run");
    } else if (is != was && stretches) {
      out.add(
          "training.epochs: "
              + was
              + " → "
              + is
              + ", which stretches the cosine schedule (give its epochs in the recipe to keep it)");
    }
  }

  private static void difference(JsonNode before, JsonNode now, String path, List<String> out) {
    if (path.equals("training.epochs")) {
      return;
    }
    if (before.isObject() && now.isObject()) {
      Set<String> names = new LinkedHashSet<>();
      before.fieldNames().forEachRemaining(names::add);
      now.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
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

  /** The data's identity for checkpoints: each file's SHA-256 and the options that read it. */
  static String data(Map<String, String> parts) {
    StringBuilder text = new StringBuilder();
    parts.forEach(
        (name, value) ->
            text.append(text.length() == 0 ? "" : ", ").append(name).append(' ').append(value));
    return text.toString();
  }
}
