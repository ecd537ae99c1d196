package dev.nabla.io.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.gradcheck.GradientChecker;
import dev.nabla.io.data.Scaler;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.layers.LayerSpec;
import dev.nabla.layers.LayerText;
import dev.nabla.layers.LayerTypes;
import dev.nabla.losses.Losses;
import dev.nabla.network.Network;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A layer type added by a program works everywhere layers are read or written. */
class NewLayerTypeTest {
  private static final Tensor X =
      Tensor.matrix(DType.FLOAT64, new double[][] {{0, 1}, {1, 0}, {0.5, -2}});

  @BeforeAll
  static void register() {
    LayerTypes.register(Scale.TYPE);
  }

  private static Recipe recipe() {
    return Recipe.builder(LayerText.parse("4:tanh, scale(factor=2.5), 2"), "mse")
        .dtype(DType.FLOAT64)
        .build();
  }

  @Test
  void itIsWrittenAsTextBuiltFromARecipeAndItsGradientChecks() {
    assertEquals(LayerSpec.of("scale", "factor", 2.5), recipe().layers().get(2));
    Network network = recipe().network(2);
    assertEquals(
        "Network(2 → Dense(2 → 4) → Tanh → Scale(2.5) → Dense(4 → 2))", network.toString());
    Tensor y = Tensor.matrix(DType.FLOAT64, new double[][] {{1, 0}, {0, 1}, {1, 1}});
    double error = GradientChecker.check(network, Losses.meanSquaredError(), X, y).maxError();
    assertEquals(0, error, 1e-7, "backprop through the new layer agrees with differences");
    assertEquals(
        "a2 = 2.5·a1", Scale.TYPE.forwardFormula(recipe().layers().get(2).config(), "a1", "a2"));
  }

  @Test
  void recipesAndModelFilesCarryIt(@TempDir Path directory) throws IOException {
    Recipe recipe = recipe();
    assertEquals(recipe, RecipeJson.parse(RecipeJson.toText(recipe), "scale.json"));

    Network network = recipe.network(2);
    Model model =
        new Model(
            network, "mse", Scaler.fit("none", X), List.of("a", "b"), List.of(), Map.of(), recipe);
    Path file = directory.resolve("scale.nabla");
    ModelFile.write(file, model);
    Model read = ModelFile.read(file);
    assertArrayEquals(
        network.predict(X).toDoubleArray(), read.network().predict(X).toDoubleArray());
    assertEquals(recipe, read.recipe());
  }
}
