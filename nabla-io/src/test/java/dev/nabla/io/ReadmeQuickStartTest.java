package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.testing.JavaSnippet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README.md's Java quick start compiles as written, trains on a CSV, and writes a model. */
class ReadmeQuickStartTest {
  @Test
  void theQuickStartTrainsOnACsvAndWritesAModel(@TempDir Path directory) throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    int start = readme.indexOf("```java\nimport dev.nabla.io.data.CsvOptions;");
    assertTrue(start >= 0, "README.md has no quick-start block");
    String block = readme.substring(start + 8, readme.indexOf("```", start + 8));
    List<String> imports = new ArrayList<>();
    List<String> statements = new ArrayList<>();
    for (String line : block.lines().toList()) {
      (line.startsWith("import ") ? imports : statements).add(line);
    }
    Path csv = directory.resolve("moons.csv");
    Files.writeString(csv, moons(400));
    Path model = directory.resolve("moons.nabla");
    String source =
        String.join("\n", imports)
            + "\npublic class Example { public static void main(String[] args) throws Exception {\n"
            + String.join("\n", statements)
                .replace("Path.of(\"moons.csv\")", "Path.of(\"" + escape(csv) + "\")")
                .replace("Path.of(\"moons.nabla\")", "Path.of(\"" + escape(model) + "\")")
            + "\n}}\n";
    String output = JavaSnippet.compileAndRun(directory, source);
    assertTrue(output.startsWith("finished all 10 epochs"), output);
    Model written = ModelFile.read(model);
    assertEquals(List.of("lower", "upper"), written.labelNames());
    assertEquals(List.of("x", "y"), written.featureNames());
    assertEquals("softmax_cross_entropy", written.recipe().loss());
  }

  /** Two noisy half-moons, as examples/make_moons.py makes them. */
  private static String moons(int samples) {
    SplittableRandom random = new SplittableRandom(1);
    StringBuilder csv = new StringBuilder("x,y,shape\n");
    for (int i = 0; i < samples; i++) {
      double angle = random.nextDouble(Math.PI);
      boolean upper = random.nextBoolean();
      double x = upper ? Math.cos(angle) : 1 - Math.cos(angle);
      double y = upper ? Math.sin(angle) : 0.5 - Math.sin(angle);
      csv.append(
          String.format(
              Locale.ROOT,
              "%.4f,%.4f,%s%n",
              x + 0.1 * random.nextGaussian(),
              y + 0.1 * random.nextGaussian(),
              upper ? "upper" : "lower"));
    }
    return csv.toString();
  }

  private static String escape(Path path) {
    return path.toString().replace("\\", "\\\\");
  }
}
