package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.activations.Activations;
import dev.nabla.io.data.Scaler;
import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** export and import as a user runs them. */
class OnnxCommandsTest {
  @TempDir Path directory;
  private StringWriter out;
  private StringWriter err;
  private Path modelFile;
  private Model model;

  @BeforeEach
  void writeModel() throws IOException {
    Network network =
        Network.builder(3).seed(1).dense(5, Activations.gelu()).batchNorm().dense(2).build();
    model =
        new Model(
            network,
            "softmax_cross_entropy",
            new Scaler("standard", new double[] {1, -2, 0.5}, new double[] {2, 0.5, 3}),
            List.of("a", "b", "c"),
            List.of("no", "yes"),
            Map.of("seed", "1"));
    modelFile = directory.resolve("model.nabla");
    ModelFile.write(modelFile, model);
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine commandLine = Nabla.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void exportThenImportGivesTheSameModel() throws IOException {
    Path onnx = directory.resolve("model.onnx");
    assertEquals(0, run("export", modelFile.toString(), "--format", "onnx", "-o", onnx.toString()));
    assertTrue(
        out.toString().startsWith("wrote " + onnx + " (ONNX opset 17, float64"), out.toString());
    Path back = directory.resolve("back.nabla");
    assertEquals(0, run("import", onnx.toString(), "-o", back.toString()), err.toString());
    Model read = ModelFile.read(back);
    Tensor features = Tensor.matrix(DType.FLOAT64, new double[][] {{1, 2, 3}, {-4, 0.5, 9}});
    assertArrayEquals(
        model.probabilities(features).toDoubleArray(),
        read.probabilities(features).toDoubleArray());
    assertEquals(List.of("no", "yes"), read.labelNames());
  }

  @Test
  void exportInFloat32() throws IOException {
    Path onnx = directory.resolve("model32.onnx");
    assertEquals(
        0,
        run(
            "export",
            "--model",
            modelFile.toString(),
            "--dtype",
            "float32",
            "-o",
            onnx.toString()));
    assertTrue(out.toString().contains("float32"), out.toString());
    Path back = directory.resolve("back32.nabla");
    assertEquals(0, run("import", onnx.toString(), "-o", back.toString()), err.toString());
    assertEquals(DType.FLOAT32, ModelFile.read(back).network().dtype());
  }

  @Test
  void aFileThatIsNotOnnxIsOneLineAndExitOne() throws IOException {
    Path text = directory.resolve("data.onnx");
    Files.writeString(text, "a,b\n1,2\n");
    assertEquals(1, run("import", text.toString(), "-o", directory.resolve("x.nabla").toString()));
    assertTrue(err.toString().startsWith("nabla: " + text + ": not an ONNX model"), err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
  }

  @Test
  void anUnknownFormatIsAUsageError() {
    assertEquals(2, run("export", modelFile.toString(), "--format", "pmml", "-o", "x"));
    assertTrue(err.toString().contains("--format"), err.toString());
  }

  @Test
  void noModelIsAUsageError() {
    assertEquals(2, run("export", "--format", "onnx", "-o", "x.onnx"));
    assertTrue(err.toString().contains("give one model file"), err.toString());
  }

  @Test
  void layersWithoutInputsIsAUsageError() {
    assertEquals(2, run("import", "w.safetensors", "--layers", "8", "-o", "x.nabla"));
    assertTrue(err.toString().contains("--layers and --inputs go together"), err.toString());
  }
}
