package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
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
    Path java = directory.resolve("Example.java");
    Files.writeString(java, source);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int status =
        compiler.run(
            null,
            null,
            null,
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            directory.toString(),
            java.toString());
    assertEquals(0, status, "the README quick start does not compile");

    String output = run(directory);
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

  private static String run(Path classes) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, ReadmeQuickStartTest.class.getClassLoader())) {
      Method main = loader.loadClass("Example").getMethod("main", String[].class);
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
