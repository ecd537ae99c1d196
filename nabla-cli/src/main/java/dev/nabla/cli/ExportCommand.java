package dev.nabla.cli;

import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.onnx.OnnxExport;
import dev.nabla.tensor.DType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla export}: a model file as an ONNX model. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a model as ONNX (opset "
          + OnnxExport.OPSET
          + "), which onnxruntime runs in Java, C#,"
          + " Python or JavaScript: scaling, layers, and for classifiers the outputs 'logits' and"
          + " 'probabilities'; labels, feature names and recipe in its metadata. See docs/onnx.md."
    })
final class ExportCommand implements Callable<Integer> {
  /** The formats there are. */
  enum Format {
    onnx
  }

  @Parameters(
      paramLabel = "MODEL",
      arity = "0..1",
      description = "the model file (or give it with --model)")
  Path modelFile;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description = "the model file, as evaluate and predict take it")
  Path modelOption;

  @Option(
      names = "--format",
      defaultValue = "onnx",
      description = "the format to write: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  Format format;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE",
      description = "the file to write, e.g. model.onnx")
  Path output;

  @Option(
      names = "--dtype",
      paramLabel = "DTYPE",
      description =
          "write the graph in this precision, float32 or float64 (default: the model's own)")
  String dtype;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    DType precision = null;
    if (dtype != null) {
      try {
        precision = DType.parse(dtype);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--dtype: " + e.getMessage());
      }
    }
    if ((modelFile == null) == (modelOption == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give one model file, as MODEL or with --model");
    }
    Model model = ModelFile.read(modelFile != null ? modelFile : modelOption);
    if (precision != null && precision != model.network().dtype()) {
      DType target = precision;
      model =
          new Model(
              model.network().to(target),
              model.loss(),
              model.scaler(),
              model.featureNames(),
              model.labelNames(),
              model.provenance(),
              model.recipe() == null ? null : model.recipe().toBuilder().dtype(target).build());
    }
    OnnxExport.write(output, model);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "wrote "
            + output
            + " (ONNX opset "
            + OnnxExport.OPSET
            + ", "
            + model.network().dtype()
            + ", input '"
            + OnnxExport.INPUT
            + "' [batch × "
            + model.network().inputSize()
            + "])");
    boolean gelu =
        model.network().layers().stream()
            .anyMatch(layer -> layer.spec().toString().contains("activation=gelu"));
    if (gelu && model.network().dtype() == DType.FLOAT64) {
      out.println(
          "note: onnxruntime's CPU provider has no float64 Erf, which GELU needs; for onnxruntime,"
              + " export with --dtype float32");
    }
    out.flush();
    return 0;
  }
}
