package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code nabla explain} on the seed notebooks' networks: golden files of the text, Markdown and
 * JSON (regenerate them with {@code -Dnabla.goldens=write} after a deliberate change, and read the
 * diff); seed 000's numbers are the notebook's; every formula of the Markdown and the HTML parses
 * in KaTeX under node; the HTML fetches nothing.
 */
class ExplainDocumentsTest {
  private static final Path GOLDEN = Path.of("src/test/resources/explain");

  @TempDir Path directory;

  private String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Nabla.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    assertEquals(0, code, err.toString());
    return out.toString();
  }

  /** Seed 000's notebook network, as {@code nabla demo seed000 --output-dir} writes it. */
  private Path seed000() {
    run("demo", "seed000", "--output-dir", directory.toString());
    Path model = directory.resolve("seed000-notebook.nabla");
    assertTrue(Files.exists(model), "demo seed000 --output-dir wrote no seed000-notebook.nabla");
    return model;
  }

  /** Seed 002's notebook network, as {@code nabla demo seed002 --output-dir} writes it. */
  private Path seed002() {
    run("demo", "seed002", "--output-dir", directory.toString());
    Path model = directory.resolve("seed002-notebook.nabla");
    assertTrue(Files.exists(model), "demo seed002 --output-dir wrote no seed002-notebook.nabla");
    return model;
  }

  private String[] seed000Args(Path model, String format) {
    return new String[] {
      "explain",
      "-m",
      model.toString(),
      "--x",
      "2",
      "--y",
      "7",
      "--lr",
      "0.001",
      "--bias-column",
      "--format",
      format
    };
  }

  private String[] seed002Args(Path model, String format) {
    return new String[] {
      "explain",
      "-m",
      model.toString(),
      "--x",
      "0.1,0.2,0.7",
      "--y",
      "1,0,0",
      "--lr",
      "0.01",
      "--format",
      format
    };
  }

  private static void golden(String name, String actual) throws IOException {
    Path file = GOLDEN.resolve(name);
    if ("write".equals(System.getProperty("nabla.goldens"))) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertTrue(
        Files.exists(file), file + " is missing: run the test once with -Dnabla.goldens=write");
    assertEquals(
        Files.readString(file, StandardCharsets.UTF_8),
        actual,
        name + " differs from its golden file " + file);
  }

  @Test
  void seed000DocumentsMatchTheirGoldenFiles() throws IOException {
    Path model = seed000();
    golden("seed000.txt", run(seed000Args(model, "text")));
    golden("seed000.md", run(seed000Args(model, "markdown")));
    golden("seed000.json", run(seed000Args(model, "json")));
  }

  @Test
  void seed002DocumentsMatchTheirGoldenFiles() throws IOException {
    Path model = seed002();
    golden("seed002.txt", run(seed002Args(model, "text")));
    golden("seed002.md", run(seed002Args(model, "markdown")));
    golden("seed002.json", run(seed002Args(model, "json")));
  }

  /** The README's excerpt of seed 000's Markdown is in the golden file, block for block. */
  @Test
  void theReadmeExcerptIsWhatExplainWrites() throws IOException {
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("<!-- explain-excerpt");
    int end = readme.indexOf("<!-- /explain-excerpt -->");
    assertTrue(start >= 0 && end > start, "README.md has no explain excerpt");
    String golden = Files.readString(GOLDEN.resolve("seed000.md"), StandardCharsets.UTF_8);
    Matcher block =
        Pattern.compile("(?s)\\$\\$\\n(.*?)\\n\\$\\$").matcher(readme.substring(start, end));
    int blocks = 0;
    while (block.find()) {
      assertTrue(
          golden.contains("$$\n" + block.group(1) + "\n$$"),
          "README block not in the golden Markdown:\n" + block.group(1));
      blocks++;
    }
    assertEquals(4, blocks);
  }

  /** Every seed demo honours --output-dir with a model file that explain reads. */
  @Test
  void everySeedDemoWritesModelsThatExplainReads() throws IOException {
    for (String demo : List.of("seed000", "seed001", "seed002", "seed003", "seed004")) {
      Path out = directory.resolve(demo);
      run("demo", demo, "--output-dir", out.toString());
      List<Path> models;
      try (var files = Files.list(out)) {
        models = files.filter(file -> file.toString().endsWith(".nabla")).toList();
      }
      assertTrue(!models.isEmpty(), demo + " wrote no model file into " + out);
      for (Path file : models) {
        Model model = ModelFile.read(file);
        String x =
            String.join(",", java.util.Collections.nCopies(model.network().inputSize(), "0.5"));
        String y =
            String.join(",", java.util.Collections.nCopies(model.network().outputSize(), "1"));
        String text = run("explain", "-m", file.toString(), "--x", x, "--y", y);
        assertTrue(text.contains("Backward pass"), file + ":\n" + text);
      }
    }
  }

  /** Every number seed 000's notebook prints, found in the text explain writes. */
  @Test
  void seed000TextHoldsEveryNumberTheNotebookPrints() {
    String text = run(seed000Args(seed000(), "text"));
    for (String printed :
        List.of(
            "ŷ = a⁽ᴸ⁾ = [1.9799999999999998]",
            "ℓ₀ = ½·(y₀ − ŷ₀)² = ½·(7 − 1.98)² = 12.6002",
            // The notebook's "Gradients layer 1..3", bias in column 0.
            "∂L/∂[b⁽¹⁾ | W⁽¹⁾] [2 × 2] = \n      [−8.534  −17.068]\n      [     0        0]",
            "∂L/∂[b⁽²⁾ | W⁽²⁾] [2 × 3] = \n      [  −2.51    −3.263  0]\n"
                + "      [−11.546  −15.0098  0]",
            "∂L/∂[b⁽³⁾ | W⁽³⁾] [1 × 3] = [−5.02  −6.1746  −2.761]",
            "∂L/∂W⁽²⁾₀₀ = δ⁽²⁾₀·a⁽¹⁾₀ = (−2.51)·1.3 = −3.263",
            "Prediction ŷ: [1.9799999999999998] → [2.1435048475206897]",
            "Loss L: 12.600200000000003 → 11.792772583027517")) {
      assertTrue(text.contains(printed), printed + "\nmissing from\n" + text);
    }
  }

  @Test
  void everyFormulaOfTheMarkdownAndHtmlParsesInKatex() throws Exception {
    List<String> formulas = new ArrayList<>();
    Path seed000 = seed000();
    Path seed002 = seed002();
    for (String markdown :
        List.of(
            run(seed000Args(seed000, "markdown")),
            run(seed002Args(seed002, "markdown")),
            run(
                "explain",
                "-m",
                seed000.toString(),
                "--x",
                "-1",
                "--y",
                "3",
                "--optimizer",
                "adam",
                "--weight-decay",
                "0.1",
                "--format",
                "markdown"),
            run(
                "explain",
                "-m",
                seed002.toString(),
                "--x",
                "1,-2,3",
                "--y",
                "0,1,0",
                "--optimizer",
                "nesterov",
                "--weight-decay",
                "0.01",
                "--element",
                "2,1;3:1,2",
                "--format",
                "markdown"),
            run(
                "explain",
                "-m",
                seed002.toString(),
                "--x",
                "1,2,3",
                "--y",
                "1,0,0",
                "--optimizer",
                "rmsprop",
                "--momentum",
                "0.5",
                "--format",
                "markdown"),
            run(
                "explain",
                "-m",
                seed000.toString(),
                "--x",
                "3",
                "--y",
                "1",
                "--optimizer",
                "adagrad",
                "--weight-decay",
                "0.1",
                "--format",
                "markdown"))) {
      Matcher display = Pattern.compile("(?s)\\$\\$\\n(.*?)\\n\\$\\$").matcher(markdown);
      while (display.find()) {
        formulas.add(display.group(1));
      }
      Matcher inline =
          Pattern.compile("(?<!\\$)\\$([^$\\n]+)\\$(?!\\$)")
              .matcher(markdown.replaceAll("(?s)\\$\\$\\n.*?\\n\\$\\$", ""));
      while (inline.find()) {
        formulas.add(inline.group(1));
      }
    }
    String html = run(seed000Args(seed000, "html"));
    Matcher attribute = Pattern.compile("data-latex=\"([^\"]*)\"").matcher(html);
    int inHtml = 0;
    while (attribute.find()) {
      formulas.add(
          attribute
              .group(1)
              .replace("&quot;", "\"")
              .replace("&lt;", "<")
              .replace("&gt;", ">")
              .replace("&amp;", "&"));
      inHtml++;
    }
    assertTrue(formulas.size() > 200, "too few formulas found: " + formulas.size());
    assertTrue(inHtml > 50, "too few formulas in the HTML: " + inHtml);
    assertEquals(List.of(), KatexCheck.errors(formulas, directory));
  }

  private int exit(StringWriter err, String... args) {
    CommandLine commandLine = Nabla.commandLine();
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void badSamplesAndElementsAreOneLineNamingTheOption() {
    Path model = seed000();
    String m = model.toString();
    String[][] cases = {
      {"1", "--x gives 2 feature(s); the model takes 1", "--x", "1,2", "--y", "7"},
      {"1", "--y gives 2 value(s); the model predicts 1", "--x", "1", "--y", "7,8"},
      {"1", "--y: 'seven' is not a number", "--x", "1", "--y", "seven"},
      {
        "1",
        "--element 4:… names layer 4, but the network has 3 dense layers",
        "--x",
        "1",
        "--y",
        "7",
        "--element",
        "4:0,0"
      },
      {
        "1",
        "--element 2:2,0 is outside layer 2, which has 2 units",
        "--x",
        "1",
        "--y",
        "7",
        "--element",
        "2:2,0"
      },
      {"2", "--element 'a,b': expected I,J", "--x", "1", "--y", "7", "--element", "a,b"},
      {"2", "--sample picks a row of --data", "--x", "1", "--y", "7", "--sample", "3"},
      {
        "2",
        "--format pdf is not one of text, markdown, html, json",
        "--x",
        "1",
        "--y",
        "7",
        "--format",
        "pdf"
      },
    };
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of("explain", "-m", m));
      args.addAll(List.of(c).subList(2, c.length));
      StringWriter err = new StringWriter();
      int code = exit(err, args.toArray(String[]::new));
      assertEquals(Integer.parseInt(c[0]), code, args + ": " + err);
      assertTrue(err.toString().contains(c[1]), args + ": " + err);
    }
  }

  /** The check can fail: a formula KaTeX cannot parse is reported, a sound one is not. */
  @Test
  void katexCheckReportsABrokenFormula() throws Exception {
    List<String> errors =
        KatexCheck.errors(List.of("\\frac{1}{2}", "\\frac{1}{", "W^{(1)}^\\top"), directory);
    assertEquals(2, errors.size(), errors.toString());
  }

  @Test
  void theHtmlPageIsSelfContained() {
    String html = run(seed000Args(seed000(), "html"));
    assertTrue(html.contains("katex.render("), "no KaTeX call");
    assertTrue(html.contains("data:font/woff2;base64,"), "fonts not inlined");
    for (String fetch : List.of("src=\"http", "href=\"http", "url(http", "url(fonts/", "@import")) {
      assertTrue(!html.contains(fetch), "the page fetches something: " + fetch);
    }
  }

  /** Runs KaTeX, from the WebJar the page inlines, under node. */
  static final class KatexCheck {
    private KatexCheck() {}

    /** The formulas KaTeX cannot parse, each with its message. */
    static List<String> errors(List<String> formulas, Path directory) throws Exception {
      Path katex = directory.resolve("katex.min.js");
      Files.write(katex, HtmlPage.katexFile("katex.min.js"));
      Path input = directory.resolve("formulas.json");
      Files.writeString(input, new ObjectMapper().writeValueAsString(formulas));
      Path script = directory.resolve("check.js");
      Files.writeString(
          script,
          "const katex = require(process.argv[2]);\n"
              + "const formulas = JSON.parse(require('fs').readFileSync(process.argv[3], 'utf8'));\n"
              + "const errors = [];\n"
              + "for (const f of formulas) {\n"
              + "  try { katex.renderToString(f, {displayMode: true, throwOnError: true,"
              + " strict: 'ignore'}); }\n"
              + "  catch (e) { errors.push(e.message + ' in: ' + f); }\n"
              + "}\n"
              + "console.log(JSON.stringify({count: formulas.length, errors: errors}));\n");
      Process process;
      try {
        process =
            new ProcessBuilder("node", script.toString(), katex.toString(), input.toString())
                .redirectErrorStream(true)
                .start();
      } catch (IOException noNode) {
        fail(
            "node is needed to check the LaTeX with KaTeX (apt-get install nodejs; .ci/run"
                + " installs it): "
                + noNode.getMessage());
        return List.of();
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "node did not finish");
      assertEquals(0, process.exitValue(), output);
      JsonNode result = new ObjectMapper().readTree(output);
      assertEquals(formulas.size(), result.get("count").asInt(), output);
      List<String> errors = new ArrayList<>();
      result.get("errors").forEach(error -> errors.add(error.asText()));
      return errors;
    }
  }
}
