package dev.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.io.model.Model;
import dev.nabla.layers.LayerText;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictImportTest {
  @TempDir Path folder;

  private Path stateDict() throws IOException {
    Path file = folder.resolve("mlp.safetensors");
    Files.write(file, OnnxImportTest.resource("mlp.safetensors"));
    return file;
  }

  private static String layers() throws IOException {
    return new ObjectMapper().readTree(OnnxImportTest.resource("mlp.json")).get("layers").asText();
  }

  /**
   * The state_dict and the layer spec make the network torch.onnx.export wrote: PyTorch's outputs
   * within float32's 1e-6, and the very values of the network read from the ONNX file.
   */
  @Test
  void stateDictAndSpecReproducePyTorch() throws IOException {
    Network network = StateDictImport.read(stateDict(), LayerText.parse(layers()), 4);
    assertEquals(DType.FLOAT32, network.dtype());
    Tensor inputs = Tensor.matrix(DType.FLOAT32, OnnxImportTest.torch("inputs"));
    Tensor expected = Tensor.matrix(DType.FLOAT64, OnnxImportTest.torch("outputs"));
    Tensor outputs = network.predict(inputs);
    double error = OnnxRuntimeAgreementTest.relativeError(outputs.to(DType.FLOAT64), expected);
    assertTrue(error <= 1e-6, "relative error " + error);
    Model fromOnnx = OnnxImport.read(OnnxImportTest.resource("mlp.onnx"), "mlp.onnx");
    assertArrayEquals(fromOnnx.network().predict(inputs).toDoubleArray(), outputs.toDoubleArray());
  }

  @Test
  void aShapeThatDisagreesWithTheSpecIsNamed() throws IOException {
    Path file = stateDict();
    OnnxFileException error =
        assertThrows(
            OnnxFileException.class,
            () ->
                StateDictImport.read(file, LayerText.parse(layers().replaceFirst("^8,", "9,")), 4));
    assertEquals(
        file + ": '1.weight' has shape [8, 4] but layer 0 (Dense(4 → 9)) needs [9, 4]",
        error.getMessage());
  }

  @Test
  void modulesLeftOverAreNamed() throws IOException {
    Path file = stateDict();
    OnnxFileException error =
        assertThrows(
            OnnxFileException.class,
            () -> StateDictImport.read(file, LayerText.parse("8, batchnorm"), 4));
    assertEquals(
        file + ": the layers use 2 of the file's 9 modules; '4' is left over", error.getMessage());
  }

  @Test
  void aFileThatIsNotSafetensorsIsRefused() throws IOException {
    Path file = folder.resolve("text.safetensors");
    Files.writeString(file, "weights,bias\n1,2\n");
    OnnxFileException error =
        assertThrows(
            OnnxFileException.class, () -> StateDictImport.read(file, LayerText.parse("8"), 4));
    assertTrue(
        error.getMessage().startsWith(file + ": not a safetensors file"), error.getMessage());
  }

  @Test
  void modulesAreOrderedByTheirNumbers() {
    assertTrue(StateDictImport.compareNames("2", "10") < 0);
    assertTrue(StateDictImport.compareNames("layers.9.weight", "layers.10.weight") < 0);
    assertTrue(StateDictImport.compareNames("encoder.1", "head.0") < 0);
  }
}
