package dev.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.activations.Activations;
import dev.nabla.io.model.Model;
import dev.nabla.layers.LayerText;
import dev.nabla.network.Network;
import dev.nabla.onnx.proto.OnnxProto.ModelProto;
import dev.nabla.onnx.proto.OnnxProto.TensorShapeProto;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxImportTest {
  @TempDir Path folder;

  /** Export then import gives the same predictions, to the bit, and the same labels and names. */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("dev.nabla.onnx.OnnxRuntimeAgreementTest#activationCases")
  void exportThenImportPredictsTheSame(DType dtype, String activation) throws IOException {
    Network network =
        Fixtures.randomized(
            Network.builder(5)
                .dtype(dtype)
                .seed(1)
                .dense(7, Activations.parse(activation))
                .batchNorm()
                .dropout(0.3)
                .denseWithoutBias(6)
                .activation(Activations.leakyRelu(-0.2))
                .dense(3)
                .build(),
            2);
    assertRoundTrip(Fixtures.model(network, "softmax_cross_entropy", "standard", 3));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "categorical_cross_entropy",
        "binary_cross_entropy_with_logits",
        "mse",
        "mse_classes"
      })
  void everyKindOfModelReadsBack(String loss) throws IOException {
    var builder = Network.builder(4).dtype(DType.FLOAT32).seed(5).dense(5, Activations.tanh());
    builder.dense(3);
    if (loss.equals("categorical_cross_entropy")) {
      builder.activation(Activations.softmax());
    }
    Model model = Fixtures.model(Fixtures.randomized(builder.build(), 6), loss, "minmax", 7);
    assertRoundTrip(model);
  }

  /** A model with its recipe reads back with it, dropout layers (left out of the graph) too. */
  @Test
  void theRecipeAndItsDropoutLayersReadBack() throws IOException {
    Recipe recipe =
        Recipe.builder(LayerText.parse("6:gelu,dropout:0.2,batchnorm,3"), "softmax_cross_entropy")
            .dtype(DType.FLOAT32)
            .build();
    Network network = Fixtures.randomized(recipe.network(4), 9);
    Model model = Fixtures.model(network, "softmax_cross_entropy", "standard", 10);
    model =
        new Model(
            model.network(),
            model.loss(),
            model.scaler(),
            model.featureNames(),
            model.labelNames(),
            model.provenance(),
            recipe);
    Path file = folder.resolve("recipe.onnx");
    OnnxExport.write(file, model);
    Model read = OnnxImport.read(file);
    assertEquals(recipe, read.recipe());
    assertEquals(
        model.network().layers().stream().map(l -> l.spec().toString()).toList(),
        read.network().layers().stream().map(l -> l.spec().toString()).toList());
    Tensor features = Fixtures.features(30, 4, 11);
    assertArrayEquals(
        model.outputs(features).toDoubleArray(), read.outputs(features).toDoubleArray());
  }

  private void assertRoundTrip(Model model) throws IOException {
    Path file = folder.resolve("model.onnx");
    OnnxExport.write(file, model);
    Model read = OnnxImport.read(file);
    Tensor features = Fixtures.features(40, model.network().inputSize(), 8);
    assertArrayEquals(
        model.outputs(features).toDoubleArray(), read.outputs(features).toDoubleArray());
    assertEquals(model.loss(), read.loss());
    assertEquals(model.labelNames(), read.labelNames());
    assertEquals(model.featureNames(), read.featureNames());
    assertEquals(model.scaler().kind(), read.scaler().kind());
    assertEquals(model.network().dtype(), read.network().dtype());
    // Every layer and its settings, dropout (left out of the graph) and its seed included.
    assertEquals(
        model.network().layers().stream().map(l -> l.spec().toString()).toList(),
        read.network().layers().stream().map(l -> l.spec().toString()).toList());
  }

  /** PyTorch's outputs on the fixed input, from the fixture's JSON. */
  static double[][] torch(String key) throws IOException {
    JsonNode json = new ObjectMapper().readTree(resource("mlp.json"));
    JsonNode rows = json.get(key);
    double[][] values = new double[rows.size()][];
    for (int row = 0; row < rows.size(); row++) {
      values[row] = new double[rows.get(row).size()];
      for (int column = 0; column < values[row].length; column++) {
        values[row][column] = rows.get(row).get(column).asDouble();
      }
    }
    return values;
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = OnnxImportTest.class.getResourceAsStream("/torch/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the test resource torch/" + name + " is missing");
      }
      return in.readAllBytes();
    }
  }

  /**
   * The file torch.onnx.export wrote (Gemm, and the same with MatMul + Add) reproduces PyTorch's
   * outputs on the fixed input within float32's 1e-6 relative.
   */
  @ParameterizedTest
  @ValueSource(strings = {"mlp.onnx", "mlp-matmul.onnx"})
  void torchExportReproducesPyTorch(String file) throws IOException {
    Model model = OnnxImport.read(resource(file), file);
    assertEquals(DType.FLOAT32, model.network().dtype());
    assertEquals(
        "[dense, batchNorm, activation, dense, activation, dense, activation, dense, activation,"
            + " dense, activation, dense, activation, dense, activation, dense]",
        model.network().layers().stream().map(l -> l.spec().type()).toList().toString());
    Tensor inputs = Tensor.matrix(DType.FLOAT64, torch("inputs"));
    Tensor expected = Tensor.matrix(DType.FLOAT64, torch("outputs"));
    double error = OnnxRuntimeAgreementTest.relativeError(model.outputs(inputs), expected);
    assertTrue(error <= 1e-6, "relative error " + error);
  }

  /** The same model exported by PyTorch in float64 reproduces its float64 outputs to 1e-12. */
  @Test
  void torchFloat64ExportReproducesPyTorch() throws IOException {
    Model model = OnnxImport.read(resource("mlp64.onnx"), "mlp64.onnx");
    assertEquals(DType.FLOAT64, model.network().dtype());
    Tensor inputs = Tensor.matrix(DType.FLOAT64, torch("inputs"));
    Tensor expected = Tensor.matrix(DType.FLOAT64, torch("outputs64"));
    double error = OnnxRuntimeAgreementTest.relativeError(model.outputs(inputs), expected);
    assertTrue(error <= 1e-12, "relative error " + error);
  }

  private static ModelProto torchModel() throws IOException {
    return ModelProto.parseFrom(resource("mlp.onnx"));
  }

  private static String failure(byte[] bytes) {
    OnnxFileException error =
        assertThrows(OnnxFileException.class, () -> OnnxImport.read(bytes, "bad.onnx"));
    assertTrue(error.getMessage().startsWith("bad.onnx: "), error.getMessage());
    assertFalse(error.getMessage().contains("\n"), error.getMessage());
    return error.getMessage();
  }

  private static String failure(UnaryOperator<ModelProto.Builder> change) throws IOException {
    return failure(change.apply(torchModel().toBuilder()).build().toByteArray());
  }

  @Test
  void aFileThatIsNotOnnxIsRefused() {
    String message = failure("feature,label\n1,2\n".getBytes(StandardCharsets.UTF_8));
    assertTrue(message.contains("not an ONNX model"), message);
  }

  @Test
  void aTruncatedFileIsRefused() throws IOException {
    byte[] whole = resource("mlp.onnx");
    String message = failure(Arrays.copyOf(whole, whole.length / 2));
    assertTrue(message.contains("not an ONNX model, or a truncated one"), message);
  }

  @Test
  void anUnsupportedOperatorIsNamed() throws IOException {
    String message =
        failure(
            proto -> {
              proto.getGraphBuilder().getNodeBuilder(3).setOpType("HardSwish");
              return proto;
            });
    assertTrue(
        message.contains(
            "cannot read node '/3/LeakyRelu' (HardSwish): Nabla does not read HardSwish"),
        message);
  }

  @Test
  void aDynamicFeatureDimensionIsRefused() throws IOException {
    String message =
        failure(
            proto -> {
              proto
                  .getGraphBuilder()
                  .getInputBuilder(0)
                  .getTypeBuilder()
                  .getTensorTypeBuilder()
                  .getShapeBuilder()
                  .setDim(1, TensorShapeProto.Dimension.newBuilder().setDimParam("features"));
              return proto;
            });
    assertTrue(message.contains("input 'x' has a dynamic size 'features' on axis 1"), message);
  }

  @Test
  void anUnknownOpsetIsRefused() throws IOException {
    String message =
        failure(
            proto -> {
              proto.getOpsetImportBuilder(0).setVersion(99);
              return proto;
            });
    assertTrue(message.contains("opset 99 is not one this Nabla reads (7 to 23)"), message);
  }

  @Test
  void weightsWhoseShapesDisagreeAreNamed() throws IOException {
    String message =
        failure(
            proto -> {
              // The second Linear's weights [6 × 8] become [8 × 6]: they take 6 inputs, not 8.
              var graph = proto.getGraphBuilder();
              for (int i = 0; i < graph.getInitializerCount(); i++) {
                if (graph.getInitializer(i).getName().equals("4.weight")) {
                  graph.getInitializerBuilder(i).setDims(0, 8).setDims(1, 6);
                }
              }
              return proto;
            });
    assertTrue(
        message.contains(
            "node '/4/Gemm' (Gemm): its weights 4.weight [8 × 6] (transB=1) take 6 inputs, but"
                + " the layer before gives 8"),
        message);
  }

  @Test
  void weightsWhoseDataDisagreeWithTheirShapeAreNamed() throws IOException {
    String message =
        failure(
            proto -> {
              var graph = proto.getGraphBuilder();
              for (int i = 0; i < graph.getInitializerCount(); i++) {
                if (graph.getInitializer(i).getName().equals("1.bias")) {
                  graph.getInitializerBuilder(i).setDims(0, 9);
                }
              }
              return proto;
            });
    assertTrue(
        message.contains("tensor '1.bias' declares shape [9] (9 values) but holds 32 bytes"),
        message);
  }

  @Test
  void anIrVersionTooNewIsRefused() throws IOException {
    String message =
        failure(
            proto -> {
              proto.setIrVersion(12);
              return proto;
            });
    assertTrue(
        message.contains("IR version 12 is newer than this Nabla reads (11 at most)"), message);
  }

  /**
   * Opset 20's {@code Gelu} operator reads as GELU: the erf form of a float32 export replaced by
   * the one node, which onnxruntime runs to the same outputs.
   */
  @Test
  void theGeluOperatorOfOpset20IsRead() throws Exception {
    Network network =
        Fixtures.randomized(
            Network.builder(3)
                .dtype(DType.FLOAT32)
                .seed(2)
                .dense(4, Activations.gelu())
                .dense(2)
                .build(),
            3);
    Model model = Fixtures.model(network, "mse", "none", 4);
    ModelProto.Builder proto = OnnxExport.toProto(model).toBuilder();
    var graph = proto.getGraphBuilder();
    int first = -1;
    for (int i = 0; i < graph.getNodeCount(); i++) {
      if (graph.getNode(i).getOpType().equals("Erf")) {
        first = i - 1;
      }
    }
    String input = graph.getNode(first).getInput(0);
    String output = graph.getNode(first + 4).getOutput(0);
    for (int i = 0; i < 5; i++) {
      graph.removeNode(first);
    }
    graph.addNode(
        first,
        dev.nabla.onnx.proto.OnnxProto.NodeProto.newBuilder()
            .setOpType("Gelu")
            .setName("gelu")
            .addInput(input)
            .addOutput(output));
    proto.setIrVersion(9).getOpsetImportBuilder(0).setVersion(20);
    byte[] bytes = proto.build().toByteArray();
    Model read = OnnxImport.read(bytes, "gelu.onnx");
    Tensor features = Fixtures.features(20, 3, 5);
    assertArrayEquals(
        model.outputs(features).toDoubleArray(), read.outputs(features).toDoubleArray());
    double error =
        OnnxRuntimeAgreementTest.relativeError(
            OnnxRuntimes.run(bytes, features, DType.FLOAT32).get(OnnxExport.OUTPUTS),
            model.outputs(features));
    assertTrue(error <= OnnxRuntimeAgreementTest.FLOAT32_TOLERANCE, "relative error " + error);
  }

  @Test
  void aFileOnDiskIsReadAndAMissingOneNamed() throws IOException {
    Path file = folder.resolve("mlp.onnx");
    Files.write(file, resource("mlp.onnx"));
    assertEquals(4, OnnxImport.read(file).network().inputSize());
    assertThrows(IOException.class, () -> OnnxImport.read(folder.resolve("missing.onnx")));
  }
}
