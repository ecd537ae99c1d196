package dev.nabla.playground;

import dev.nabla.config.Config;
import dev.nabla.layers.LayerSpec;
import dev.nabla.recipe.Recipe;
import dev.nabla.training.TrainingConfig;

/**
 * The session's recipe in the recipe file format ({@code nabla-recipe}, version 1, as nabla-io's
 * {@code RecipeJson} writes it), written without a JSON library since the browser build has none; a
 * test reads it back with {@code RecipeJson}. Its epochs are those trained so far.
 */
final class RecipeText {
  private RecipeText() {}

  static String write(PlaygroundSession session) {
    Recipe recipe = session.recipe();
    TrainingConfig config = recipe.training();
    Json json = new Json().open();
    json.key("format").value("nabla-recipe").key("version").value(1);
    json.key("dtype").value(recipe.dtype().toString());
    json.key("layers").openArray();
    for (LayerSpec layer : recipe.layers()) {
      typed(json.open(), layer.type(), layer.config()).close();
    }
    json.closeArray();
    json.key("loss").value(recipe.loss());
    typed(json.key("optimizer").open(), recipe.optimizer().type(), recipe.optimizer().config())
        .close();
    typed(json.key("schedule").open(), recipe.schedule().type(), recipe.schedule().config())
        .close();
    json.key("regularization").open();
    json.key("l1").value(recipe.regularization().l1());
    json.key("l2").value(recipe.regularization().l2());
    json.key("maxNorm").value(recipe.regularization().maxNorm());
    json.close();
    json.key("training").open();
    json.key("epochs").value(Math.max(1, session.epochsCompleted()));
    if (config.batchSize() == TrainingConfig.FULL_BATCH) {
      json.key("batchSize").value("full");
    } else {
      json.key("batchSize").value(config.batchSize());
    }
    json.key("dropLastPartialBatch").value(config.dropLastPartialBatch());
    json.key("targetLoss").value(config.targetLoss());
    json.key("shuffle").value(config.shuffle());
    json.key("seed").value(config.seed());
    json.key("validationSplit").value(config.validationSplit());
    json.key("clipValue").value(config.clipValue());
    json.key("clipNorm").value(config.clipNorm());
    json.key("earlyStopping").value((String) null);
    json.key("divergenceFactor").value(config.divergenceFactor());
    json.close();
    json.key("preprocessing").open();
    json.key("scaling").value(recipe.preprocessing().scaling());
    json.key("testSplit").value(recipe.preprocessing().testSplit());
    json.key("stratify").value(recipe.preprocessing().stratify());
    json.close();
    return json.close().toString();
  }

  /** {@code "type": …} and the settings, as {@code Json.put} in nabla-io writes them. */
  private static Json typed(Json json, String type, Config config) {
    json.key("type").value(type);
    config
        .values()
        .forEach(
            (name, value) -> {
              json.key(name);
              if (value instanceof Long whole) {
                json.value((long) whole);
              } else if (value instanceof Double number) {
                json.value((double) number);
              } else if (value instanceof Boolean bool) {
                json.value((boolean) bool);
              } else {
                json.value(String.valueOf(value));
              }
            });
    return json;
  }
}
