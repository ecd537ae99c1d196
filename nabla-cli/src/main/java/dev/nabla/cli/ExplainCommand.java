package dev.nabla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nabla.explain.ExplainOptions;
import dev.nabla.explain.Explainer;
import dev.nabla.explain.Explanation;
import dev.nabla.explain.Formula;
import dev.nabla.explain.MarkdownRenderer;
import dev.nabla.explain.TextRenderer;
import dev.nabla.io.data.Dataset;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nabla explain}: backpropagation for one sample written out as the seed notebooks write it
 * — every layer's formula, shapes, values and one element worked with the numbers, the loss term by
 * term, and one optimizer step — as text, Markdown with LaTeX, self-contained HTML or JSON ({@code
 * docs/explain-json.md}). The derivation is core's {@link Explainer}; this command reads the model
 * and the sample and picks the renderer.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Writes out backpropagation for one sample, as the seed notebooks do: for every layer the"
          + " forward and backward formulas, the shapes, the values and one element worked with"
          + " the numbers; the loss term by term; one optimizer step (plain SGD unless"
          + " --optimizer) for the worked elements, and the loss before and after.",
      "The sample is row --sample of --data, or the numbers --x and --y. Computed in float64,"
          + " in inference mode (dropout off, batch norm on running statistics)."
    })
final class ExplainCommand implements Callable<Integer> {
  @Option(
      names = {"-m", "--model"},
      required = true,
      paramLabel = "FILE",
      description = "the model file")
  Path modelFile;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  /** Where the sample comes from: a data file, or the command line. */
  static final class Source {
    @ArgGroup(exclusive = false, multiplicity = "1", heading = "The sample from a data file:%n")
    DataOptions data;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "The sample given:%n")
    Given given;
  }

  /** A sample given as numbers. */
  static final class Given {
    @Option(
        names = "--x",
        required = true,
        split = ",",
        paramLabel = "X",
        description =
            "the input features, e.g. --x 2 or --x 0.1,0.2,0.7 (scaled as the model's"
                + " data were)")
    List<Double> x;

    @Option(
        names = "--y",
        required = true,
        split = ",",
        paramLabel = "Y",
        description =
            "the target: numbers, one per output (e.g. --y 7, --y 1,0,0), or a class"
                + " name of a classifier")
    List<String> y;
  }

  @Option(
      names = "--sample",
      defaultValue = "0",
      description = "with --data, which sample, from 0 (default: ${DEFAULT-VALUE})")
  int sample;

  @Mixin OptimizerOptions optimizerOptions;

  @Option(
      names = "--element",
      defaultValue = "0,0",
      paramLabel = "I,J",
      description = {
        "the element each layer works out: unit I and input J, so W⁽ˡ⁾ᵢⱼ, z⁽ˡ⁾ᵢ and ∂L/∂a⁽ˡ⁻¹⁾ⱼ"
            + " (a layer with fewer units or inputs works its last); L:I,J for layer L alone,"
            + " several separated by ';', e.g. '0,1;2:1,0' (default: ${DEFAULT-VALUE})"
      })
  String element;

  @Option(
      names = "--bias-column",
      description =
          "also show each dense layer's weight gradient as the seed notebooks lay it out, the"
              + " bias as column 0: ∂L/∂[b | W]")
  boolean biasColumn;

  @Option(
      names = "--format",
      defaultValue = "text",
      description =
          "text (Unicode, for a terminal), markdown (with LaTeX, for GitHub or Jupyter), html (one"
              + " self-contained page, KaTeX inlined) or json (default: ${DEFAULT-VALUE})")
  String format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "write here instead of to standard output")
  Path output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    String kind = format.toLowerCase(Locale.ROOT);
    if (!List.of("text", "markdown", "html", "json").contains(kind)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--format " + format + " is not one of text, markdown, html, json");
    }
    ExplainOptions options;
    try {
      options = ExplainOptions.parse(element).withBiasColumn(biasColumn);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Model model = ModelFile.read(modelFile);
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("model", modelFile.getFileName().toString());
    described.put("lossName", model.loss());
    Tensor raw;
    Tensor y;
    String origin;
    if (source.data != null) {
      Dataset dataset = source.data.loadFor(model, DType.FLOAT64);
      if (sample < 0 || sample >= dataset.size()) {
        throw new IllegalArgumentException(
            "--sample " + sample + " is not in 0.." + (dataset.size() - 1));
      }
      int[] one = {sample};
      raw = dataset.features().gatherRows(one, 0, 1);
      y = dataset.targets().gatherRows(one, 0, 1);
      described.put("data", source.data.data.getFileName().toString());
      described.put("sample", sample);
      origin = "sample " + sample + " of " + source.data.data.getFileName();
    } else {
      raw = given(model);
      y = target(model);
      origin = "the sample given by --x and --y";
    }
    described.put("rawInput", raw.toDoubleArray());
    Tensor x = model.scaler().transform(raw);
    Explanation explanation =
        Explainer.explain(
            model.network(), model.lossFunction(), optimizerOptions.create("sgd"), x, y, options);
    String preface =
        "Model "
            + modelFile.getFileName()
            + " (loss "
            + model.loss()
            + "), "
            + origin
            + (model.scaler().kind().equals("none")
                ? "."
                : "; the raw features "
                    + Formula.number(raw.get(0))
                    + (raw.size() > 1 ? ", …" : "")
                    + " scaled by the model's "
                    + model.scaler().kind()
                    + " scaler to x.");
    String text =
        switch (kind) {
          case "json" ->
              new ObjectMapper()
                      .enable(SerializationFeature.INDENT_OUTPUT)
                      .writeValueAsString(ExplanationJson.document(described, explanation))
                  + "\n";
          case "html" ->
              HtmlPage.render(
                  "Backpropagation for one sample: " + modelFile.getFileName(),
                  preface,
                  explanation);
          case "markdown" -> "> " + preface + "\n\n" + MarkdownRenderer.render(explanation);
          default -> preface + "\n\n" + TextRenderer.render(explanation);
        };
    Output.write(spec.commandLine().getOut(), output, text);
    return 0;
  }

  private Tensor given(Model model) {
    int inputs = model.network().inputSize();
    if (source.given.x.size() != inputs) {
      throw new IllegalArgumentException(
          "--x gives " + source.given.x.size() + " feature(s); the model takes " + inputs);
    }
    double[] values = source.given.x.stream().mapToDouble(Double::doubleValue).toArray();
    return Tensor.matrix(DType.FLOAT64, new double[][] {values});
  }

  private Tensor target(Model model) {
    int outputs = model.network().outputSize();
    List<String> text = source.given.y;
    double[] values = new double[outputs];
    if (text.size() == 1 && model.labelNames().contains(text.get(0).strip())) {
      values[model.labelNames().indexOf(text.get(0).strip())] = 1;
      return Tensor.matrix(DType.FLOAT64, new double[][] {values});
    }
    if (text.size() != outputs) {
      throw new IllegalArgumentException(
          "--y gives "
              + text.size()
              + " value(s); the model predicts "
              + outputs
              + (model.isClassification()
                  ? " (or give one class name of " + model.labelNames() + ")"
                  : ""));
    }
    for (int index = 0; index < outputs; index++) {
      try {
        values[index] = Double.parseDouble(text.get(index).strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--y: '"
                + text.get(index)
                + "' is not a number"
                + (model.isClassification() ? " nor a class of " + model.labelNames() : ""));
      }
    }
    return Tensor.matrix(DType.FLOAT64, new double[][] {values});
  }
}
