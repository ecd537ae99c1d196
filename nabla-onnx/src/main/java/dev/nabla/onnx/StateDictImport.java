package dev.nabla.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.layers.Layer;
import dev.nabla.layers.LayerSpec;
import dev.nabla.network.Network;
import dev.nabla.network.NetworkBuilder;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PyTorch {@code state_dict} saved as safetensors ({@code safetensors.torch.save_file(
 * model.state_dict(), path)}) and a Nabla layer spec of the same network, read as a Nabla {@link
 * Network}.
 *
 * <p>The tensors are grouped by module ({@code 1.weight} and {@code 1.bias} are module {@code 1}),
 * the modules ordered by their names' numbers ({@code 2} before {@code 10}), and matched in order
 * with the spec's layers that own tensors: a {@code dense} layer takes {@code weight} ({@code [out
 * × in]}, the layout of Nabla's weights) and {@code bias}; {@code batchNorm} takes {@code weight},
 * {@code bias}, {@code running_mean} and {@code running_var} ({@code num_batches_tracked} is left
 * out). Every shape is checked against the spec before any value is read.
 */
public final class StateDictImport {
  /** The largest header read, as safetensors itself. */
  private static final long MAX_HEADER = 100_000_000;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** PyTorch's names for each Nabla tensor. */
  private static final Map<String, Map<String, String>> NAMES =
      Map.of(
          "dense",
          Map.of("weights", "weight", "bias", "bias"),
          "batchNorm",
          Map.of(
              "scale", "weight",
              "shift", "bias",
              "runningMean", "running_mean",
              "runningVariance", "running_var"));

  private StateDictImport() {}

  /**
   * The network {@code layers} describe, of {@code inputSize} inputs, with the weights in the
   * safetensors file at {@code path}, in the file's precision ({@code F32} or {@code F64}).
   *
   * @throws OnnxFileException naming the file and the tensor or layer at fault: modules that do not
   *     match the layers, a shape that disagrees, a precision other than F32 or F64
   * @throws IOException if the file cannot be read
   */
  public static Network read(Path path, List<LayerSpec> layers, int inputSize) throws IOException {
    String source = path.toString();
    try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = file.size();
      ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(file, length, 0, source);
      long headerLength = length.flip().getLong();
      if (headerLength < 2 || headerLength > MAX_HEADER || 8 + headerLength > size) {
        throw new OnnxFileException(
            source + ": not a safetensors file (its header length " + headerLength + " is wrong)");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      readFully(file, headerBytes, 8, source);
      JsonNode header;
      try {
        header =
            MAPPER.readTree(
                new String(headerBytes.array(), java.nio.charset.StandardCharsets.UTF_8));
      } catch (JsonProcessingException e) {
        throw new OnnxFileException(
            source + ": not a safetensors file (its header is not JSON)", e);
      }
      if (header == null || !header.isObject()) {
        throw new OnnxFileException(
            source + ": not a safetensors file (its header is not an object)");
      }
      long dataStart = 8 + headerLength;
      Map<String, Map<String, JsonNode>> modules = modules(header, source);
      return build(file, dataStart, size - dataStart, modules, layers, inputSize, source);
    }
  }

  /** The tensors grouped by module, the modules in the order of their names' numbers. */
  private static Map<String, Map<String, JsonNode>> modules(JsonNode header, String source)
      throws OnnxFileException {
    Map<String, Map<String, JsonNode>> modules = new TreeMap<>(StateDictImport::compareNames);
    for (Map.Entry<String, JsonNode> entry : header.properties()) {
      String name = entry.getKey();
      if (name.equals("__metadata__")) {
        continue;
      }
      int dot = name.lastIndexOf('.');
      if (dot <= 0) {
        throw new OnnxFileException(
            source + ": tensor '" + name + "' is not named MODULE.TENSOR as a state_dict's are");
      }
      if (name.endsWith(".num_batches_tracked")) {
        continue;
      }
      modules
          .computeIfAbsent(name.substring(0, dot), module -> new LinkedHashMap<>())
          .put(name.substring(dot + 1), entry.getValue());
    }
    return modules;
  }

  /** {@code features.2} before {@code features.10}: numbers compared as numbers. */
  static int compareNames(String a, String b) {
    String[] left = a.split("\\.");
    String[] right = b.split("\\.");
    for (int i = 0; i < Math.min(left.length, right.length); i++) {
      boolean numbers = left[i].matches("\\d{1,9}") && right[i].matches("\\d{1,9}");
      int order =
          numbers
              ? Integer.compare(Integer.parseInt(left[i]), Integer.parseInt(right[i]))
              : left[i].compareTo(right[i]);
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(left.length, right.length);
  }

  private static Network build(
      FileChannel file,
      long dataStart,
      long dataLength,
      Map<String, Map<String, JsonNode>> modules,
      List<LayerSpec> layers,
      int inputSize,
      String source)
      throws IOException {
    List<String> moduleNames = new ArrayList<>(modules.keySet());
    DType dtype = null;
    for (Map<String, JsonNode> tensors : modules.values()) {
      for (Map.Entry<String, JsonNode> tensor : tensors.entrySet()) {
        String type = tensor.getValue().path("dtype").asText();
        DType found =
            switch (type) {
              case "F32" -> DType.FLOAT32;
              case "F64" -> DType.FLOAT64;
              default ->
                  throw new OnnxFileException(
                      source
                          + ": tensor '"
                          + tensor.getKey()
                          + "' is "
                          + type
                          + "; Nabla reads F32 and F64 (convert with .float() or .double())");
            };
        if (dtype != null && found != dtype) {
          throw new OnnxFileException(source + ": the tensors mix F32 and F64; save them in one");
        }
        dtype = found;
      }
    }
    if (dtype == null) {
      throw new OnnxFileException(source + ": the file holds no tensors");
    }
    NetworkBuilder builder = Network.builder(inputSize).dtype(dtype);
    layers.forEach(builder::layer);
    Network network;
    try {
      network = builder.build();
    } catch (IllegalArgumentException e) {
      throw new OnnxFileException(source + ": " + e.getMessage(), e);
    }
    int module = 0;
    for (int index = 0; index < network.layers().size(); index++) {
      Layer layer = network.layers().get(index);
      Map<String, Tensor> own = new LinkedHashMap<>();
      layer.parameters().forEach((name, parameter) -> own.put(name, parameter.value()));
      own.putAll(layer.buffers());
      String type = layer.spec().type();
      Map<String, String> names = NAMES.get(type);
      // Dropout's state (its random stream) is Nabla's own; PyTorch keeps none for it.
      if (layer.parameters().isEmpty() && names == null) {
        continue;
      }
      if (names == null) {
        throw new OnnxFileException(
            source
                + ": layer "
                + index
                + " is a '"
                + type
                + "' layer, which PyTorch has no tensors for");
      }
      if (module >= moduleNames.size()) {
        throw new OnnxFileException(
            source
                + ": layer "
                + index
                + " ("
                + layer
                + ") needs tensors, but the file's "
                + moduleNames.size()
                + " modules are used up");
      }
      String moduleName = moduleNames.get(module++);
      Map<String, JsonNode> tensors = modules.get(moduleName);
      for (Map.Entry<String, Tensor> tensor : own.entrySet()) {
        String torchName = names.get(tensor.getKey());
        JsonNode entry = tensors.get(torchName);
        String full = moduleName + "." + torchName;
        if (entry == null) {
          throw new OnnxFileException(
              source
                  + ": layer "
                  + index
                  + " ("
                  + layer
                  + ") needs '"
                  + full
                  + "', which the file does not hold (module "
                  + moduleName
                  + " has "
                  + String.join(", ", tensors.keySet())
                  + ")");
        }
        read(file, dataStart, dataLength, entry, tensor.getValue(), full, layer, index, source);
      }
      for (String name : tensors.keySet()) {
        if (!names.containsValue(name)) {
          throw new OnnxFileException(
              source
                  + ": '"
                  + moduleName
                  + "."
                  + name
                  + "' has no place in layer "
                  + index
                  + " ("
                  + layer
                  + ")");
        }
      }
    }
    if (module < moduleNames.size()) {
      throw new OnnxFileException(
          source
              + ": the layers use "
              + module
              + " of the file's "
              + moduleNames.size()
              + " modules; '"
              + moduleNames.get(module)
              + "' is left over");
    }
    return network;
  }

  private static void read(
      FileChannel file,
      long dataStart,
      long dataLength,
      JsonNode entry,
      Tensor target,
      String name,
      Layer layer,
      int index,
      String source)
      throws IOException {
    List<Integer> shape = new ArrayList<>();
    entry.path("shape").forEach(dimension -> shape.add(dimension.asInt(-1)));
    List<Integer> expected = new ArrayList<>();
    for (int axis = 0; axis < target.shape().rank(); axis++) {
      expected.add(target.shape().dimension(axis));
    }
    if (!shape.equals(expected)) {
      throw new OnnxFileException(
          source
              + ": '"
              + name
              + "' has shape "
              + shape
              + " but layer "
              + index
              + " ("
              + layer
              + ") needs "
              + expected);
    }
    int width = entry.path("dtype").asText().equals("F32") ? 4 : 8;
    JsonNode offsets = entry.path("data_offsets");
    long begin = offsets.path(0).asLong(-1);
    long end = offsets.path(1).asLong(-1);
    if (begin < 0 || end != begin + (long) target.size() * width || end > dataLength) {
      throw new OnnxFileException(
          source
              + ": '"
              + name
              + "' has data offsets "
              + offsets
              + ", which do not hold "
              + target.size()
              + " values within the file's "
              + dataLength
              + " bytes of data");
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
    readFully(file, bytes, dataStart + begin, source);
    bytes.flip();
    for (int i = 0; i < target.size(); i++) {
      target.set(i, width == 4 ? bytes.getFloat() : bytes.getDouble());
    }
  }

  private static void readFully(FileChannel file, ByteBuffer buffer, long position, String source)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = file.read(buffer, at);
      if (read < 0) {
        throw new OnnxFileException(source + ": the file ends early (truncated)");
      }
      at += read;
    }
  }
}
