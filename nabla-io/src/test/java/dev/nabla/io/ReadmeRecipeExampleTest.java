package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.testing.JavaSnippet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README.md's recipe example compiles against this library, runs, and solves XOR. */
class ReadmeRecipeExampleTest {
  private static final String PRELUDE =
      String.join(
          "\n",
          "import dev.nabla.io.recipe.RecipeJson;",
          "import dev.nabla.layers.LayerText;",
          "import dev.nabla.network.Network;",
          "import dev.nabla.optimizers.OptimizerSpec;",
          "import dev.nabla.recipe.Recipe;",
          "import dev.nabla.tensor.DType;",
          "import dev.nabla.tensor.Tensor;",
          "import dev.nabla.training.StepResult;",
          "import dev.nabla.training.TrainingConfig;",
          "import dev.nabla.training.TrainingResult;",
          "import dev.nabla.training.TrainingSession;",
          "import java.nio.file.Path;",
          "public class Example { public static void main(String[] args) throws Exception {",
          "Tensor x = Tensor.matrix(DType.FLOAT64, new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});",
          "Tensor y = Tensor.matrix(DType.FLOAT64, new double[][] {{0}, {1}, {1}, {0}});");
  private static final String CHECKS =
      String.join(
          "\n",
          "System.out.println(first.batch() + \" \" + first.indices().length + \" \""
              + " + first.trace().layers().size());",
          "System.out.println(result.steps() + \" \" + result.finalLoss());",
          "System.out.println(network.forward(x));",
          "System.out.println(RecipeJson.read(Path.of(\"xor.json\")).equals(recipe));",
          "}}");

  @Test
  void theReadmeRecipeExampleCompilesRunsAndSolvesXor(@TempDir Path directory) throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    int first = readme.indexOf("```java\n");
    int start = readme.indexOf("```java\n", first + 1);
    assertTrue(start >= 0, "README.md has no second ```java block");
    String snippet = readme.substring(start + 8, readme.indexOf("```", start + 8));
    // The example writes xor.json where it runs; the test keeps it in its own folder.
    String file = directory.resolve("xor.json").toString().replace("\\", "\\\\");
    String source =
        (PRELUDE + "\n" + snippet + "\n" + CHECKS)
            .replace("Path.of(\"xor.json\")", "Path.of(\"" + file + "\")");
    List<String> lines = JavaSnippet.compileAndRun(directory, source).lines().toList();
    assertEquals("1 4 3", lines.get(0), "one full batch of 4 rows, traced through 3 layers");
    assertTrue(lines.get(1).startsWith("2000 "), lines.get(1));
    assertTrue(Double.parseDouble(lines.get(1).split(" ")[1]) < 0.05, lines.get(1));
    String logits = lines.get(2);
    String[] values =
        logits.substring(logits.indexOf("{{") + 2, logits.indexOf("}}")).split("\\}, \\{");
    double[] xor = {0, 1, 1, 0};
    for (int sample = 0; sample < 4; sample++) {
      assertEquals(xor[sample] == 1, Double.parseDouble(values[sample]) > 0, "sample " + sample);
    }
    assertEquals("true", lines.get(3), "the file reads back as the recipe written");
  }
}
