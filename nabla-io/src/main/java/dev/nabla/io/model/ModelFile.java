package dev.nabla.io.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.io.data.Scaler;
import dev.nabla.io.files.AtomicFile;
import dev.nabla.io.files.TensorCodec;
import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.layers.TensorSpec;
import dev.nabla.network.Architecture;
import dev.nabla.network.Network;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads and writes model files (format version 2, described in {@code docs/model-format.md};
 * version 1 files still load).
 *
 * <p>A model file is a safetensors file: an 8-byte little-endian header length; a JSON header
 * giving each tensor's {@code dtype} ({@code F64} or {@code F32}), {@code shape} and {@code
 * data_offsets}, with {@code __metadata__} holding {@code format: nabla-model}, {@code version}
 * and, under {@code nabla}, the model's own JSON (architecture, loss, preprocessing, labels,
 * provenance, and the recipe that made it); then the tensors' little-endian bytes, back to back.
 */
public final class ModelFile {
  /** The format version this Nabla writes and reads. */
  public static final int VERSION = 2;

  static final String FORMAT = "nabla-model";
  // A tensor or field named twice is refused rather than the last one winning.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private ModelFile() {}

  /** Writes the model atomically: to a temporary file, renamed over {@code path} when complete. */
  public static void write(Path path, Model model) throws IOException {
    write(path, model, UnaryOperator.identity());
  }

  /** As {@link #write(Path, Model)}, with the output stream wrapped (tests inject failures). */
  static void write(Path path, Model model, UnaryOperator<OutputStream> wrap) throws IOException {
    Network network = model.network();
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    network.parameters().forEach((name, parameter) -> tensors.put(name, parameter.value()));
    tensors.putAll(network.buffers());

    ObjectNode document = MAPPER.createObjectNode();
    document.put("format", FORMAT);
    document.put("version", VERSION);
    document.set("architecture", ArchitectureJson.write(Architecture.of(network), MAPPER));
    document.put("loss", model.loss());
    document.put("task", model.isClassification() ? "classification" : "regression");
    document.set("labels", MAPPER.valueToTree(model.labelNames()));
    document.set("features", MAPPER.valueToTree(model.featureNames()));
    ObjectNode scaling = document.putObject("preprocessing");
    scaling.put("scaling", model.scaler().kind());
    scaling.set("offset", MAPPER.valueToTree(model.scaler().offset()));
    scaling.set("scale", MAPPER.valueToTree(model.scaler().scale()));
    document.set("provenance", MAPPER.valueToTree(model.provenance()));
    if (model.recipe() != null) {
      document.set("recipe", RecipeJson.toTree(model.recipe()));
    }

    ObjectNode header = MAPPER.createObjectNode();
    ObjectNode metadata = header.putObject("__metadata__");
    metadata.put("format", FORMAT);
    metadata.put("version", Integer.toString(VERSION));
    metadata.put("nabla", MAPPER.writeValueAsString(document));
    long offset = 0;
    for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
      Tensor tensor = entry.getValue();
      ObjectNode info = header.putObject(entry.getKey());
      info.put("dtype", tensor.dtype() == DType.FLOAT64 ? "F64" : "F32");
      var shape = info.putArray("shape");
      for (int axis = 0; axis < tensor.shape().rank(); axis++) {
        shape.add(tensor.shape().dimension(axis));
      }
      long bytes = (long) tensor.size() * TensorCodec.bytesPer(tensor.dtype());
      info.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] headerBytes = MAPPER.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    // safetensors pads the header with spaces so the data starts 8-byte aligned.
    int padded = (headerBytes.length + 7) / 8 * 8;

    AtomicFile.write(
        path,
        file -> {
          OutputStream out = wrap.apply(file);
          out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
          out.write(headerBytes);
          for (int pad = headerBytes.length; pad < padded; pad++) {
            out.write(' ');
          }
          for (Tensor tensor : tensors.values()) {
            out.write(TensorCodec.encode(tensor, ByteOrder.LITTLE_ENDIAN));
          }
          out.flush();
        });
  }

  /**
   * Reads a model, checking the format, version, architecture, and every tensor's name, precision,
   * shape and byte range before building anything. Reads format versions 1 and 2.
   *
   * @throws ModelFileException naming the file and what is wrong
   */
  public static Model read(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    long headerLength = headerLength(path, bytes);
    JsonNode header = header(path, bytes, headerLength);
    int version = version(path, header.get("__metadata__"));
    JsonNode document;
    Architecture architecture;
    try {
      document = MAPPER.readTree(header.get("__metadata__").path("nabla").asText());
      architecture = ArchitectureJson.read(document.get("architecture"), version);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ModelFileException(path + ": the architecture is invalid: " + e.getMessage(), e);
    }
    Map<String, TensorSpec> expected = architecture.tensors();
    long dataLength = bytes.length - 8 - headerLength;
    checkTensors(path, header, expected, dataLength);

    Network network = architecture.build(0);
    ByteBuffer data =
        ByteBuffer.wrap(bytes, (int) (8 + headerLength), (int) dataLength)
            .slice()
            .order(ByteOrder.LITTLE_ENDIAN);
    for (String name : expected.keySet()) {
      Tensor target =
          network.parameters().containsKey(name)
              ? network.parameter(name).value()
              : network.buffers().get(name);
      data.position((int) header.get(name).path("data_offsets").get(0).asLong());
      TensorCodec.decode(data, target);
    }
    try {
      return model(network, document);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(path + ": " + e.getMessage(), e);
    }
  }

  private static long headerLength(Path path, byte[] bytes) throws ModelFileException {
    if (bytes.length < 8) {
      throw new ModelFileException(
          path + " is not a model file: it is only " + bytes.length + " bytes long");
    }
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLength < 2 || headerLength > bytes.length - 8) {
      throw new ModelFileException(
          path
              + " is not a model file: its header length "
              + headerLength
              + " does not fit its "
              + bytes.length
              + " bytes");
    }
    return headerLength;
  }

  private static JsonNode header(Path path, byte[] bytes, long headerLength)
      throws ModelFileException {
    JsonNode header;
    try {
      header = MAPPER.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new ModelFileException(path + " is not a model file: its header is not JSON", e);
    }
    JsonNode metadata = header == null ? null : header.get("__metadata__");
    if (metadata == null || !FORMAT.equals(metadata.path("format").asText())) {
      throw new ModelFileException(
          path + " is not a Nabla model file (no format: nabla-model in its metadata)");
    }
    return header;
  }

  private static int version(Path path, JsonNode metadata) throws ModelFileException {
    String version = metadata.path("version").asText();
    for (int known = 1; known <= VERSION; known++) {
      if (Integer.toString(known).equals(version)) {
        return known;
      }
    }
    throw new ModelFileException(
        path
            + " is model format version "
            + version
            + "; this Nabla reads versions 1 to "
            + VERSION);
  }

  /** Every tensor the architecture needs is there, with its precision, shape and byte range. */
  private static void checkTensors(
      Path path, JsonNode header, Map<String, TensorSpec> expected, long dataLength)
      throws ModelFileException {
    for (Iterator<String> names = header.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("__metadata__") && !expected.containsKey(name)) {
        throw new ModelFileException(
            path + ": tensor '" + name + "' is not part of the architecture");
      }
    }
    List<long[]> ranges = new ArrayList<>();
    for (Map.Entry<String, TensorSpec> entry : expected.entrySet()) {
      ranges.add(
          checkTensor(
              path, entry.getKey(), header.get(entry.getKey()), entry.getValue(), dataLength));
    }
    ranges.sort((a, b) -> Long.compare(a[0], b[0]));
    long covered = 0;
    for (long[] range : ranges) {
      if (range[0] != covered) {
        throw new ModelFileException(
            path + ": tensor data overlaps or leaves gaps at byte " + covered);
      }
      covered = range[1];
    }
    if (covered != dataLength) {
      throw new ModelFileException(
          path
              + " holds "
              + dataLength
              + " data bytes but its tensors account for "
              + covered
              + "; it is truncated or padded");
    }
  }

  /** Checks one tensor's header entry; returns its byte range in the data. */
  private static long[] checkTensor(
      Path path, String name, JsonNode info, TensorSpec spec, long dataLength)
      throws ModelFileException {
    if (info == null) {
      throw new ModelFileException(path + ": tensor '" + name + "' is missing");
    }
    Shape shape = spec.shape();
    String dtypeName = spec.dtype() == DType.FLOAT64 ? "F64" : "F32";
    if (!dtypeName.equals(info.path("dtype").asText())) {
      throw new ModelFileException(
          path
              + ": tensor '"
              + name
              + "' is "
              + info.path("dtype").asText()
              + "; expected "
              + dtypeName);
    }
    JsonNode dims = info.path("shape");
    boolean shapeMatches = dims.isArray() && dims.size() == shape.rank();
    for (int axis = 0; shapeMatches && axis < shape.rank(); axis++) {
      shapeMatches = dims.get(axis).asLong(-1) == shape.dimension(axis);
    }
    if (!shapeMatches) {
      throw new ModelFileException(
          path + ": tensor '" + name + "' has shape " + dims + "; the architecture needs " + shape);
    }
    JsonNode offsets = info.path("data_offsets");
    long begin = offsets.path(0).asLong(-1);
    long end = offsets.path(1).asLong(-1);
    long needed = TensorCodec.byteLength(spec.dtype(), shape.size());
    if (begin < 0 || end - begin != needed) {
      throw new ModelFileException(
          path
              + ": tensor '"
              + name
              + "' claims bytes "
              + offsets
              + ", but "
              + shape
              + " "
              + dtypeName
              + " needs "
              + needed);
    }
    if (end > dataLength) {
      throw new ModelFileException(
          path
              + " is truncated: tensor '"
              + name
              + "' needs data bytes up to "
              + end
              + ", but the file holds "
              + dataLength);
    }
    return new long[] {begin, end};
  }

  /** The model around a loaded network: loss, scaling, names, provenance and recipe. */
  private static Model model(Network network, JsonNode document) {
    JsonNode scaling = document.path("preprocessing");
    Scaler scaler =
        new Scaler(
            scaling.path("scaling").asText("none"),
            MAPPER.convertValue(scaling.path("offset"), double[].class),
            MAPPER.convertValue(scaling.path("scale"), double[].class));
    Map<String, String> provenance = new LinkedHashMap<>();
    document
        .path("provenance")
        .properties()
        .forEach(e -> provenance.put(e.getKey(), e.getValue().asText()));
    Recipe recipe = null;
    JsonNode recipeJson = document.get("recipe");
    if (recipeJson != null && !recipeJson.isNull()) {
      try {
        recipe = RecipeJson.fromTree(recipeJson);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("its recipe is invalid: " + e.getMessage(), e);
      }
    }
    return new Model(
        network,
        document.path("loss").asText(),
        scaler,
        MAPPER.convertValue(
            document.path("features"),
            MAPPER.getTypeFactory().constructCollectionType(List.class, String.class)),
        MAPPER.convertValue(
            document.path("labels"),
            MAPPER.getTypeFactory().constructCollectionType(List.class, String.class)),
        provenance,
        recipe);
  }
}
