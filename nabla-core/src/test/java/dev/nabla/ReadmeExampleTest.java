package dev.nabla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.testing.JavaSnippet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java example in README.md compiles against this library, runs, and solves XOR. */
class ReadmeExampleTest {
  private static final String IMPORTS =
      String.join(
          "\n",
          "import dev.nabla.activations.Activations;",
          "import dev.nabla.gradcheck.GradientChecker;",
          "import dev.nabla.losses.Loss;",
          "import dev.nabla.losses.Losses;",
          "import dev.nabla.network.Network;",
          "import dev.nabla.optimizers.Sgd;",
          "import dev.nabla.tensor.DType;",
          "import dev.nabla.tensor.Tensor;",
          "import dev.nabla.tracing.Tracer;",
          "import dev.nabla.training.Trainer;",
          "import dev.nabla.training.TrainingConfig;",
          "import dev.nabla.training.TrainingResult;");

  @Test
  void theReadmeExampleCompilesRunsAndSolvesXor(@TempDir Path directory) throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    int start = readme.indexOf("```java\n");
    assertTrue(start >= 0, "README.md has no ```java block");
    String snippet = readme.substring(start + 8, readme.indexOf("```", start + 8));
    assertTrue(snippet.lines().count() <= 10, "the README example is meant to fit in 10 lines");
    String output =
        JavaSnippet.compileAndRun(
            directory,
            IMPORTS
                + "\npublic class Example { public static void main(String[] args) throws Exception {\n"
                + snippet
                + "\n}}\n");
    List<String> lines = output.lines().toList();
    String logits = lines.get(0);
    assertTrue(logits.startsWith("float64[4 × 1] {{"), output);
    String[] values =
        logits.substring(logits.indexOf("{{") + 2, logits.indexOf("}}")).split("\\}, \\{");
    double[] xor = {0, 1, 1, 0};
    for (int sample = 0; sample < 4; sample++) {
      assertEquals(xor[sample] == 1, Double.parseDouble(values[sample]) > 0, "sample " + sample);
    }
    assertTrue(output.contains("central differences"), output);
  }
}
