package dev.nabla.io.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.io.data.Scaler;
import dev.nabla.io.files.AtomicFile;
import dev.nabla.io.files.TensorCodec;
import dev.nabla.network.Network;
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
 * Reads and writes model files (format version 1, described in {@code docs/model-format.md}).
 *
 * <p>A model file is a safetensors file: an 8-byte little-endian header length; a JSON header
 * giving each tensor's {@code dtype} ({@code F64} or {@code F32}), {@code shape} and {@code
 * data_offsets}, with {@code __metadata__} holding {@code format: nabla-model}, {@code version}
 * and, under {@code nabla}, the model's own JSON (architecture, loss, preprocessing, labels,
 * provenance); then the tensors' little-endian bytes, back to back.
 */
public final class ModelFile {
  /** The format version this Nabla writes and reads. */
  public static final int VERSION = 1;

  static final String FORMAT = "nabla-model";
  private static final ObjectMapper MAPPER = new ObjectMapper();

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
    document.set("architecture", Architecture.toJson(network, MAPPER));
    document.put("loss", model.loss());
    document.put("task", model.isClassification() ? "classification" : "regression");
    document.set("labels", MAPPER.valueToTree(model.labelNames()));
    document.set("features", MAPPER.valueToTree(model.featureNames()));
    ObjectNode scaling = document.putObject("preprocessing");
    scaling.put("scaling", model.scaler().kind());
    scaling.set("offset", MAPPER.valueToTree(model.scaler().offset()));
    scaling.set("scale", MAPPER.valueToTree(model.scaler().scale()));
    document.set("provenance", MAPPER.valueToTree(model.provenance()));

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
   * shape and byte range before building anything.
   *
   * @throws ModelFileException naming the file and what is wrong
   */
  public static Model read(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
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
    String version = metadata.path("version").asText();
    if (!Integer.toString(VERSION).equals(version)) {
      throw new ModelFileException(
          path + " is model format version " + version + "; this Nabla reads version " + VERSION);
    }
    JsonNode document;
    Map<String, Object[]> expected;
    try {
      document = MAPPER.readTree(metadata.path("nabla").asText());
      expected = Architecture.expectedTensors(document.path("architecture"));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ModelFileException(path + ": the architecture is invalid: " + e.getMessage(), e);
    }
    long dataLength = bytes.length - 8 - headerLength;
    List<long[]> ranges = new ArrayList<>();
    for (Iterator<String> names = header.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("__metadata__") && !expected.containsKey(name)) {
        throw new ModelFileException(
            path + ": tensor '" + name + "' is not part of the architecture");
      }
    }
    for (Map.Entry<String, Object[]> entry : expected.entrySet()) {
      String name = entry.getKey();
      JsonNode info = header.get(name);
      if (info == null) {
        throw new ModelFileException(path + ": tensor '" + name + "' is missing");
      }
      DType dtype = (DType) entry.getValue()[0];
      Shape shape = (Shape) entry.getValue()[1];
      String dtypeName = dtype == DType.FLOAT64 ? "F64" : "F32";
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
            path
                + ": tensor '"
                + name
                + "' has shape "
                + dims
                + "; the architecture needs "
                + shape);
      }
      JsonNode offsets = info.path("data_offsets");
      long begin = offsets.path(0).asLong(-1);
      long end = offsets.path(1).asLong(-1);
      long needed = (long) shape.size() * TensorCodec.bytesPer(dtype);
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
      ranges.add(new long[] {begin, end});
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

    Network network = Architecture.build(document.get("architecture"));
    ByteBuffer data =
        ByteBuffer.wrap(bytes, (int) (8 + headerLength), (int) dataLength)
            .slice()
            .order(ByteOrder.LITTLE_ENDIAN);
    for (Map.Entry<String, Object[]> entry : expected.entrySet()) {
      String name = entry.getKey();
      Tensor target =
          network.parameters().containsKey(name)
              ? network.parameter(name).value()
              : network.buffers().get(name);
      data.position((int) header.get(name).path("data_offsets").get(0).asLong());
      TensorCodec.decode(data, target);
    }
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
    try {
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
          provenance);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(path + ": " + e.getMessage(), e);
    }
  }
}
