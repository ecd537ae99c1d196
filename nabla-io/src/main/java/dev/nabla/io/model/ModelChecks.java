package dev.nabla.io.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nabla.activations.Activations;
import dev.nabla.io.data.Scaler;
import dev.nabla.layers.LayerSpec;
import dev.nabla.layers.LayerType;
import dev.nabla.layers.LayerTypes;
import dev.nabla.losses.Losses;
import dev.nabla.network.Architecture;
import dev.nabla.recipe.Recipe;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What makes a model usable on raw data, checked where one is made ({@link Model}'s constructor)
 * and where one is read ({@link ModelFile}, before anything is built): the names, the scaler and
 * the loss fit the network's widths and each other. A model that fails them could not be used
 * without a wrong answer, so it is neither made nor saved nor loaded.
 *
 * <p>Errors name the field as a model file spells it ({@code labels[1]}, {@code
 * preprocessing.scale[0]}), which also reads well for a model made in Java.
 */
final class ModelChecks {
  /** The scalings {@link Scaler} knows. */
  static final List<String> SCALINGS = List.of("standard", "minmax", "none");

  /** How much of a name an error echoes: a name may be as long as a header allows. */
  private static final int ECHOED = 40;

  private ModelChecks() {}

  /**
   * Checks a model's parts against its network's input and output widths.
   *
   * @throws IllegalArgumentException naming the field at fault
   */
  static void check(
      int inputs,
      int outputs,
      String loss,
      Scaler scaler,
      List<String> features,
      List<String> labels,
      Recipe recipe) {
    String name = lossName(loss);
    checkNames("features", features, "each input", "name");
    if (features.size() != inputs) {
      throw new IllegalArgumentException(
          "features: "
              + features.size()
              + " names for the network's "
              + inputs
              + " inputs; a model names each input");
    }
    checkLabels(labels, outputs);
    checkScaler(scaler, inputs);
    if (recipe != null && !lossName(recipe.loss()).equals(name)) {
      throw new IllegalArgumentException(
          "recipe.loss is "
              + lossName(recipe.loss())
              + " but the model's loss is "
              + name
              + "; a model's recipe is the one that trained it");
    }
  }

  /**
   * A model's recipe must describe its network: the same precision and the same layers (types,
   * widths, activations, rates), or {@code nabla train --recipe model.nabla} would replay another
   * network than the one in the file.
   *
   * @throws IllegalArgumentException naming the first layer that differs
   */
  static void checkRecipe(Recipe recipe, Architecture architecture) {
    if (recipe == null) {
      return;
    }
    if (recipe.dtype() != architecture.dtype()) {
      throw new IllegalArgumentException(
          "recipe.dtype is "
              + recipe.dtype()
              + " but the network is "
              + architecture.dtype()
              + "; a model's recipe is the one that trained it");
    }
    List<LayerSpec> theirs = recipe.layers();
    List<LayerSpec> ours = architecture.layers();
    if (theirs.size() != ours.size()) {
      throw new IllegalArgumentException(
          "recipe.layers has "
              + theirs.size()
              + " layers but the network has "
              + ours.size()
              + "; a model's recipe is the one that trained it");
    }
    int width = architecture.inputSize();
    for (int index = 0; index < ours.size(); index++) {
      LayerSpec recipeLayer = theirs.get(index);
      LayerSpec layer = ours.get(index);
      LayerType type = LayerTypes.get(layer.type());
      boolean same =
          recipeLayer.type().equals(layer.type())
              && type.tensors(recipeLayer.config(), width, architecture.dtype())
                  .equals(type.tensors(layer.config(), width, architecture.dtype()))
              && sameSettings(recipeLayer, layer);
      if (!same) {
        throw new IllegalArgumentException(
            "recipe.layers["
                + index
                + "] is "
                + echo(recipeLayer.toString())
                + " but the network's layer "
                + index
                + " is "
                + echo(layer.toString())
                + "; a model's recipe is the one that trained it");
      }
      width = type.outputSize(layer.config(), width);
    }
  }

  /** Settings that shape no tensor: an activation's function, a dropout's rate. */
  private static boolean sameSettings(LayerSpec recipeLayer, LayerSpec layer) {
    return switch (layer.type()) {
      case "activation" ->
          Activations.parse(recipeLayer.config().text("activation"))
              .spec()
              .equals(Activations.parse(layer.config().text("activation")).spec());
      case "dropout" -> recipeLayer.config().number("rate") == layer.config().number("rate");
      default -> true;
    };
  }

  /**
   * The loss's own name, as {@link Losses#name} gives it.
   *
   * @throws IllegalArgumentException for an unknown loss
   */
  static String lossName(String loss) {
    try {
      return Losses.name(Losses.parse(loss));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("loss: " + e.getMessage(), e);
    }
  }

  /** A classifier has one distinct label per output, at least two; a regression has none. */
  private static void checkLabels(List<String> labels, int outputs) {
    if (labels.isEmpty()) {
      return;
    }
    checkNames("labels", labels, "each output", "label");
    if (labels.size() < 2) {
      throw new IllegalArgumentException(
          "labels: a classifier needs at least 2 labels, one per output; got " + labels.size());
    }
    if (labels.size() != outputs) {
      throw new IllegalArgumentException(
          "labels: "
              + labels.size()
              + " labels for the network's "
              + outputs
              + " outputs; a classifier names each output");
    }
  }

  /** Each name is there, not blank, and not another's: results are matched and shown by name. */
  private static void checkNames(String field, List<String> names, String each, String noun) {
    Map<String, Integer> seen = new HashMap<>();
    for (int index = 0; index < names.size(); index++) {
      String name = names.get(index);
      String at = field + "[" + index + "]";
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(at + " is blank; " + each + " needs a " + noun);
      }
      Integer first = seen.putIfAbsent(name, index);
      if (first != null) {
        throw new IllegalArgumentException(
            at
                + " '"
                + echo(name)
                + "' repeats "
                + field
                + "["
                + first
                + "]; "
                + each
                + " needs its own "
                + noun);
      }
    }
  }

  /** A known kind, one finite offset and one positive finite scale per input. */
  private static void checkScaler(Scaler scaler, int inputs) {
    checkScaler(scaler.kind(), scaler.offset(), scaler.scale(), inputs);
  }

  /**
   * {@link #checkScaler(Scaler, int)} on a file's parts, before the {@link Scaler} is made (whose
   * own checks cannot name the file's fields).
   */
  static void checkScaler(String kind, double[] offset, double[] scale, int inputs) {
    if (!SCALINGS.contains(kind)) {
      throw new IllegalArgumentException(
          "preprocessing.scaling '" + echo(kind) + "' is unknown; it is standard, minmax or none");
    }
    checkWidth("preprocessing.offset", offset.length, inputs);
    checkWidth("preprocessing.scale", scale.length, inputs);
    for (int index = 0; index < inputs; index++) {
      if (!Double.isFinite(offset[index])) {
        throw new IllegalArgumentException(
            "preprocessing.offset["
                + index
                + "] is "
                + offset[index]
                + "; an offset must be finite");
      }
      // A scale of 0 divides by zero; a negative one mirrors every input the network was fitted to.
      if (!(scale[index] > 0) || scale[index] == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException(
            "preprocessing.scale["
                + index
                + "] is "
                + scale[index]
                + "; a scale must be positive and finite");
      }
    }
    if (kind.equals("none")) {
      checkIdentity(offset, scale);
    }
  }

  private static void checkWidth(String field, int length, int inputs) {
    if (length != inputs) {
      throw new IllegalArgumentException(
          field + ": " + length + " values for the network's " + inputs + " inputs");
    }
  }

  /** Scaling {@code none} leaves features as they are: a scaler claiming so must do just that. */
  private static void checkIdentity(double[] offset, double[] scale) {
    for (int index = 0; index < offset.length; index++) {
      if (offset[index] != 0 || scale[index] != 1) {
        throw new IllegalArgumentException(
            "preprocessing: scaling none has offset 0 and scale 1, but "
                + (offset[index] != 0
                    ? "offset[" + index + "] is " + offset[index]
                    : "scale[" + index + "] is " + scale[index]));
      }
    }
  }

  /** A JSON value as an error shows it: numbers as numbers (NaN too), and shortened. */
  static String echo(JsonNode node) {
    return echo(node.isNumber() ? node.asText() : node.toString());
  }

  /** A name as an error shows it: no more than its first characters. */
  static String echo(String text) {
    return text.length() <= ECHOED ? text : text.substring(0, ECHOED) + "…";
  }
}
