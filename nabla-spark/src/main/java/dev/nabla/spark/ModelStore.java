package dev.nabla.spark;

import dev.nabla.io.data.Scaler;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.network.Network;
import dev.nabla.recipe.Recipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The network of a fitted Spark model as a standard Nabla model file, {@code nabla/model.nabla}
 * under the model's path on any Hadoop file system, so that {@code nabla info}, {@code predict} and
 * {@code explain} open it. Features enter unscaled (a pipeline scales them before), so its scaler
 * is {@code none}; a classifier's labels are the class indices {@code 0 … k−1}.
 */
final class ModelStore {
  static final String FILE = "nabla/model.nabla";

  private ModelStore() {}

  /** The Nabla model of a network trained on Spark. */
  static Model model(Network network, Recipe recipe, int classes, Map<String, String> provenance) {
    int width = network.inputSize();
    double[] zeros = new double[width];
    double[] ones = new double[width];
    Arrays.fill(ones, 1);
    List<String> features = new ArrayList<>();
    for (int column = 0; column < width; column++) {
      features.add("feature" + column);
    }
    List<String> labels = new ArrayList<>();
    for (int label = 0; label < classes; label++) {
      labels.add(Integer.toString(label));
    }
    Map<String, String> made = new LinkedHashMap<>(provenance);
    made.put("trainedBy", "nabla-spark");
    return new Model(
        network, recipe.loss(), new Scaler("none", zeros, ones), features, labels, made, recipe);
  }

  /** Writes the model file under {@code path}. */
  static void write(String path, Model model, Configuration configuration) {
    Path target = new Path(path, FILE);
    try {
      java.nio.file.Path local = Files.createTempFile("nabla-spark-", ".nabla");
      try {
        ModelFile.write(local, model);
        FileSystem fileSystem = target.getFileSystem(configuration);
        fileSystem.mkdirs(target.getParent());
        fileSystem.copyFromLocalFile(false, true, new Path(local.toUri()), target);
      } finally {
        Files.deleteIfExists(local);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Nabla model to " + target + ": " + e, e);
    }
  }

  /** Reads the model file under {@code path}. */
  static Model read(String path, Configuration configuration) {
    Path source = new Path(path, FILE);
    try {
      java.nio.file.Path local = Files.createTempFile("nabla-spark-", ".nabla");
      try {
        FileSystem fileSystem = source.getFileSystem(configuration);
        fileSystem.copyToLocalFile(false, source, new Path(local.toUri()), true);
        Model model = ModelFile.read(local);
        if (model.recipe() == null) {
          throw new IllegalArgumentException(
              source + " holds a model without its recipe; a Spark model needs one to score");
        }
        return model;
      } finally {
        Files.deleteIfExists(local);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Nabla model " + source + ": " + e, e);
    }
  }

  /** What scoring tasks need of the model, under a key of its own for the executors' caches. */
  static NetworkPayload payload(Model model) {
    NamedTensors weights = NamedTensors.ofNetwork(model.network());
    String key = java.util.UUID.randomUUID().toString();
    return new NetworkPayload(
        key, RecipeJson.toText(model.recipe()), model.network().inputSize(), weights);
  }
}
