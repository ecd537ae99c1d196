package dev.nabla.io.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.io.files.AtomicFile;
import dev.nabla.io.files.TensorCodec;
import dev.nabla.layers.TensorSpec;
import dev.nabla.network.Network;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
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
 * data_offsets}, with {@code __metadata__} holding {@code format: nabla-model}, {@code version},
 * under {@code nabla} the model's own JSON (architecture, loss, preprocessing, labels, provenance,
 * and the recipe that made it), and the SHA-256 digests of that document ({@code nabla_sha256}) and
 * of the tensor data ({@code data_sha256}); then the tensors' little-endian bytes, back to back.
 *
 * <p>Reading checks every field before it builds anything, and reads the tensors in bounded pieces,
 * so a file of any size, damaged or not, gives either the model it holds or a {@link
 * ModelFileException} naming the file and what is wrong.
 */
public final class ModelFile {
  /** The format version this Nabla writes and reads. */
  public static final int VERSION = 2;

  static final String FORMAT = "nabla-model";

  /** The largest header safetensors reads (its MAX_HEADER_SIZE); larger ones are refused unread. */
  static final long MAX_HEADER = 100_000_000;

  static final String DATA_DIGEST = "data_sha256";
  static final String DOCUMENT_DIGEST = "nabla_sha256";

  /** The piece of tensor data read or written at a time: a multiple of every element's size. */
  private static final int BUFFER = 1 << 20;

  // A tensor or field named twice is refused rather than the last one winning, and so is anything
  // but padding after the header.
  private static final ObjectMapper MAPPER = strict().build();

  // The document may say NaN or Infinity where JSON has no such numbers: read so, the field that
  // holds one is named by its check rather than by a line and column.
  private static final ObjectMapper DOCUMENT_MAPPER =
      strict().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private static JsonMapper.Builder strict() {
    // Jackson refuses strings over 20 million characters by default; a header may hold up to
    // MAX_HEADER bytes, so a model whose one name is that long must still read back.
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxStringLength((int) MAX_HEADER).build())
            .build();
    return JsonMapper.builder(factory)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  private ModelFile() {}

  /** Writes the model atomically: to a temporary file, renamed over {@code path} when complete. */
  public static void write(Path path, Model model) throws IOException {
    write(path, model, UnaryOperator.identity());
  }

  /**
   * As {@link #write(Path, Model)}, with the output stream wrapped (tests inject failures).
   *
   * @throws IllegalArgumentException if a weight or buffer is NaN or infinite, or the header would
   *     be larger than safetensors reads: a file that could not be read back is not written
   */
  static void write(Path path, Model model, UnaryOperator<OutputStream> wrap) throws IOException {
    Map<String, Tensor> tensors = tensors(model.network());
    NonFinite nonFinite = NonFinite.in(tensors);
    if (nonFinite != null) {
      throw new IllegalArgumentException("cannot save " + path + ": " + nonFinite);
    }
    String document = MAPPER.writeValueAsString(ModelDocument.write(model, MAPPER));
    MessageDigest data = sha256();
    encode(tensors, (bytes, length) -> data.update(bytes, 0, length));
    byte[] header = header(tensors, document, hex(data.digest()));
    if (header.length > MAX_HEADER) {
      throw new IllegalArgumentException(
          "cannot save "
              + path
              + ": its header would be "
              + header.length
              + " bytes, more than the "
              + MAX_HEADER
              + " a safetensors header may hold");
    }
    AtomicFile.write(
        path,
        file -> {
          OutputStream out = wrap.apply(file);
          out.write(
              ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
          out.write(header);
          encode(tensors, (bytes, length) -> out.write(bytes, 0, length));
          out.flush();
        });
  }

  /** Parameters, then buffers, by name: the order the data are written in. */
  private static Map<String, Tensor> tensors(Network network) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    network.parameters().forEach((name, parameter) -> tensors.put(name, parameter.value()));
    tensors.putAll(network.buffers());
    return tensors;
  }

  /** The header's bytes, padded with spaces, as safetensors does, to align the data to 8 bytes. */
  private static byte[] header(Map<String, Tensor> tensors, String document, String dataDigest)
      throws JsonProcessingException {
    ObjectNode header = MAPPER.createObjectNode();
    ObjectNode metadata = header.putObject("__metadata__");
    metadata.put("format", FORMAT);
    metadata.put("version", Integer.toString(VERSION));
    metadata.put("nabla", document);
    metadata.put(DOCUMENT_DIGEST, hex(sha256().digest(document.getBytes(StandardCharsets.UTF_8))));
    metadata.put(DATA_DIGEST, dataDigest);
    long offset = 0;
    for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
      Tensor tensor = entry.getValue();
      ObjectNode info = header.putObject(entry.getKey());
      info.put("dtype", dtypeName(tensor.dtype()));
      var shape = info.putArray("shape");
      for (int axis = 0; axis < tensor.shape().rank(); axis++) {
        shape.add(tensor.shape().dimension(axis));
      }
      long bytes = (long) tensor.size() * TensorCodec.bytesPer(tensor.dtype());
      info.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    String text = MAPPER.writeValueAsString(header);
    int length = text.getBytes(StandardCharsets.UTF_8).length;
    return (text + " ".repeat((8 - length % 8) % 8)).getBytes(StandardCharsets.UTF_8);
  }

  /** Receives a piece of encoded tensor data: {@code bytes[0, length)}. */
  @FunctionalInterface
  private interface Sink {
    void accept(byte[] bytes, int length) throws IOException;
  }

  /** The tensors' elements, little-endian, in pieces of at most {@link #BUFFER} bytes. */
  private static void encode(Map<String, Tensor> tensors, Sink sink) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    for (Tensor tensor : tensors.values()) {
      boolean wide = tensor.dtype() == DType.FLOAT64;
      for (int index = 0; index < tensor.size(); index++) {
        if (buffer.remaining() < 8) {
          sink.accept(buffer.array(), buffer.position());
          buffer.clear();
        }
        if (wide) {
          buffer.putDouble(tensor.get(index));
        } else {
          buffer.putFloat((float) tensor.get(index));
        }
      }
    }
    sink.accept(buffer.array(), buffer.position());
  }

  /**
   * Reads a model, checking the format, version, digests, every field of the model's document, and
   * every tensor's name, precision, shape and byte range before building anything; then reads the
   * tensors in bounded pieces, checking each element is finite and the data match their digest.
   * Reads format versions 1 and 2.
   *
   * @throws ModelFileException naming the file and what is wrong
   */
  public static Model read(Path path) throws IOException {
    return read(path, BUFFER);
  }

  /** As {@link #read(Path)}, reading the tensor data {@code bufferBytes} at a time. */
  static Model read(Path path, int bufferBytes) throws IOException {
    try (FileChannel channel = open(path)) {
      return read(path, channel, bufferBytes);
    } catch (ModelFileException e) {
      throw e;
    } catch (IOException e) {
      throw new ModelFileException(path + ": cannot read it: " + e.getMessage(), e);
    }
  }

  private static Model read(Path path, FileChannel channel, int bufferBytes) throws IOException {
    long size = channel.size();
    long headerLength = headerLength(path, channel, size);
    JsonNode header = header(path, channel, headerLength);
    JsonNode metadata = metadata(path, header);
    int version = version(path, metadata);
    String text = metadataText(path, metadata, "nabla", "its model document");
    String dataDigest = null;
    if (version >= 2) {
      // Before the document is parsed: a damaged one is reported as damaged, not as bad JSON.
      String documentDigest = digest(path, metadata, DOCUMENT_DIGEST);
      if (!hex(sha256().digest(text.getBytes(StandardCharsets.UTF_8))).equals(documentDigest)) {
        throw corrupted(path, "its model document does not match");
      }
      dataDigest = digest(path, metadata, DATA_DIGEST);
    }
    ModelDocument document = document(path, text, version);
    List<Slot> slots =
        checkTensors(path, header, document.architecture().tensors(), size - 8 - headerLength);
    Network network = document.architecture().build(0);
    readTensors(path, channel, 8 + headerLength, slots, tensors(network), dataDigest, bufferBytes);
    try {
      return document.model(network);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(path + ": " + e.getMessage(), e);
    }
  }

  private static FileChannel open(Path path) throws ModelFileException {
    if (Files.isDirectory(path)) {
      throw new ModelFileException(path + " is a folder, not a model file");
    }
    try {
      return FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new ModelFileException(path + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new ModelFileException(path + ": cannot read it: permission denied", e);
    } catch (IOException e) {
      throw new ModelFileException(path + ": cannot read it: " + e.getMessage(), e);
    }
  }

  /** Reads {@code buffer}'s remaining bytes from {@code position}, or says the file ended. */
  private static void readFully(Path path, FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new ModelFileException(
            path + " is truncated: it ended at byte " + at + " as it was read");
      }
      at += read;
    }
  }

  private static long headerLength(Path path, FileChannel channel, long size) throws IOException {
    if (size < 8) {
      throw new ModelFileException(
          path + " is not a model file: it is only " + size + " bytes long");
    }
    ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(path, channel, bytes, 0);
    long headerLength = bytes.getLong(0);
    if (headerLength < 2 || headerLength > size - 8) {
      throw new ModelFileException(
          path
              + " is not a model file: its header length "
              + headerLength
              + " does not fit its "
              + size
              + " bytes");
    }
    if (headerLength > MAX_HEADER) {
      throw new ModelFileException(
          path
              + " is not a model file: its header would be "
              + headerLength
              + " bytes, more than the "
              + MAX_HEADER
              + " a safetensors header may hold");
    }
    return headerLength;
  }

  private static JsonNode header(Path path, FileChannel channel, long headerLength)
      throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate((int) headerLength);
    readFully(path, channel, bytes, 8);
    try {
      return MAPPER.readTree(bytes.array());
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new ModelFileException(
          path
              + " is not a model file: its header is not JSON"
              + (at == null || at.getByteOffset() < 0
                  ? ""
                  : " at byte " + (8 + at.getByteOffset())),
          e);
    }
  }

  /** The safetensors metadata, which must say it is a Nabla model and hold only text. */
  private static JsonNode metadata(Path path, JsonNode header) throws ModelFileException {
    JsonNode metadata = header == null || !header.isObject() ? null : header.get("__metadata__");
    if (metadata == null || !FORMAT.equals(metadata.path("format").asText())) {
      throw new ModelFileException(
          path
              + " is not a Nabla model file: its header has no __metadata__ saying format:"
              + " nabla-model");
    }
    for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
      if (!entry.getValue().isTextual()) {
        throw new ModelFileException(
            path
                + ": its metadata's "
                + ModelChecks.echo(entry.getKey())
                + " is not text, which safetensors metadata must be");
      }
    }
    return metadata;
  }

  private static String metadataText(Path path, JsonNode metadata, String key, String what)
      throws ModelFileException {
    JsonNode node = metadata.get(key);
    if (node == null) {
      throw new ModelFileException(path + ": its metadata has no " + key + " (" + what + ")");
    }
    return node.asText();
  }

  private static int version(Path path, JsonNode metadata) throws ModelFileException {
    String version = metadataText(path, metadata, "version", "the format version");
    for (int known = 1; known <= VERSION; known++) {
      if (Integer.toString(known).equals(version)) {
        return known;
      }
    }
    throw new ModelFileException(
        path
            + " is model format version "
            + ModelChecks.echo(version)
            + "; this Nabla reads versions 1 to "
            + VERSION);
  }

  /** A digest version 2 requires: 64 lowercase hexadecimal digits. */
  private static String digest(Path path, JsonNode metadata, String key) throws ModelFileException {
    JsonNode node = metadata.get(key);
    if (node == null) {
      throw new ModelFileException(
          path
              + ": its metadata has no "
              + key
              + ", which every version 2 model file has; it was altered, or not written by Nabla");
    }
    String digest = node.asText();
    if (!digest.matches("[0-9a-f]{64}")) {
      throw new ModelFileException(
          path
              + ": its metadata's "
              + key
              + " is not a SHA-256 digest (64 hexadecimal digits): "
              + ModelChecks.echo(digest));
    }
    return digest;
  }

  private static ModelFileException corrupted(Path path, String what) {
    return new ModelFileException(path + " is corrupted: " + what + " the digest in its header");
  }

  private static ModelDocument document(Path path, String text, int version)
      throws ModelFileException {
    JsonNode json;
    try {
      json = DOCUMENT_MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new ModelFileException(
          path
              + ": its model document is not JSON"
              + (at == null ? "" : " at character " + at.getCharOffset())
              + ": "
              + ModelChecks.echo(e.getOriginalMessage()),
          e);
    }
    try {
      return ModelDocument.read(json, version);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(path + ": " + e.getMessage(), e);
    }
  }

  /** A tensor's place in the data, checked against the architecture. */
  private record Slot(String name, long begin, long end) {}

  /**
   * Every tensor the architecture needs is there, with its precision, shape and byte range, and
   * together they cover the data exactly; the slots are in the data's order.
   */
  private static List<Slot> checkTensors(
      Path path, JsonNode header, Map<String, TensorSpec> expected, long dataLength)
      throws ModelFileException {
    for (Iterator<String> names = header.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("__metadata__") && !expected.containsKey(name)) {
        throw new ModelFileException(
            path + ": tensor '" + ModelChecks.echo(name) + "' is not part of the architecture");
      }
    }
    List<Slot> slots = new ArrayList<>();
    for (Map.Entry<String, TensorSpec> entry : expected.entrySet()) {
      slots.add(
          checkTensor(
              path, entry.getKey(), header.get(entry.getKey()), entry.getValue(), dataLength));
    }
    slots.sort(Comparator.comparingLong(Slot::begin));
    long covered = 0;
    for (Slot slot : slots) {
      if (slot.begin() != covered) {
        throw new ModelFileException(
            path + ": tensor data overlaps or leaves gaps at byte " + covered);
      }
      covered = slot.end();
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
    return slots;
  }

  private static final List<String> TENSOR_FIELDS = List.of("dtype", "shape", "data_offsets");

  /** Checks one tensor's header entry; returns its byte range in the data. */
  private static Slot checkTensor(
      Path path, String name, JsonNode info, TensorSpec spec, long dataLength)
      throws ModelFileException {
    String tensor = path + ": tensor '" + name + "'";
    if (info == null) {
      throw new ModelFileException(tensor + " is missing");
    }
    if (!info.isObject()) {
      throw new ModelFileException(tensor + " must be an object with " + TENSOR_FIELDS);
    }
    for (Iterator<String> fields = info.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!TENSOR_FIELDS.contains(field)) {
        throw new ModelFileException(
            tensor + " has an unknown field '" + ModelChecks.echo(field) + "'");
      }
    }
    Shape shape = spec.shape();
    String dtypeName = dtypeName(spec.dtype());
    JsonNode dtype = info.get("dtype");
    if (dtype == null || !dtypeName.equals(dtype.asText())) {
      throw new ModelFileException(
          tensor
              + (dtype == null ? " has no dtype" : " is " + ModelChecks.echo(dtype))
              + "; expected "
              + dtypeName);
    }
    JsonNode dims = info.get("shape");
    if (dims == null || !wholeNumbers(dims, shape.rank())) {
      throw new ModelFileException(
          tensor
              + (dims == null ? " has no shape" : " has shape " + ModelChecks.echo(dims))
              + "; the architecture needs "
              + shape);
    }
    for (int axis = 0; axis < shape.rank(); axis++) {
      if (dims.get(axis).asLong() != shape.dimension(axis)) {
        throw new ModelFileException(
            tensor + " has shape " + ModelChecks.echo(dims) + "; the architecture needs " + shape);
      }
    }
    JsonNode offsets = info.get("data_offsets");
    long needed = (long) shape.size() * TensorCodec.bytesPer(spec.dtype());
    if (offsets == null
        || !wholeNumbers(offsets, 2)
        || offsets.get(0).asLong() < 0
        || offsets.get(1).asLong() - offsets.get(0).asLong() != needed) {
      throw new ModelFileException(
          tensor
              + (offsets == null
                  ? " has no data_offsets"
                  : " claims bytes " + ModelChecks.echo(offsets))
              + ", but "
              + shape
              + " "
              + dtypeName
              + " needs "
              + needed);
    }
    long end = offsets.get(1).asLong();
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
    return new Slot(name, offsets.get(0).asLong(), end);
  }

  /** {@code node} is a list of {@code count} whole numbers a long holds. */
  private static boolean wholeNumbers(JsonNode node, int count) {
    if (!node.isArray() || node.size() != count) {
      return false;
    }
    for (JsonNode element : node) {
      if (!element.isIntegralNumber() || !element.canConvertToLong()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the tensor data into {@code targets}, piece by piece, in the data's order, digesting the
   * bytes as they come. A digest that does not match is reported before a non-finite element: it is
   * the likelier cause of one.
   */
  private static void readTensors(
      Path path,
      FileChannel channel,
      long start,
      List<Slot> slots,
      Map<String, Tensor> targets,
      String dataDigest,
      int bufferBytes)
      throws IOException {
    MessageDigest digest = dataDigest == null ? null : sha256();
    ByteBuffer buffer =
        ByteBuffer.allocate(Math.max(8, bufferBytes / 8 * 8)).order(ByteOrder.LITTLE_ENDIAN);
    NonFinite nonFinite = null;
    long position = start;
    for (Slot slot : slots) {
      Tensor target = targets.get(slot.name());
      boolean wide = target.dtype() == DType.FLOAT64;
      int element = 0;
      for (long left = slot.end() - slot.begin(); left > 0; ) {
        int piece = (int) Math.min(buffer.capacity(), left);
        buffer.clear().limit(piece);
        readFully(path, channel, buffer, position);
        position += piece;
        left -= piece;
        if (digest != null) {
          digest.update(buffer.array(), 0, piece);
        }
        buffer.flip();
        for (; buffer.hasRemaining(); element++) {
          double value = wide ? buffer.getDouble() : buffer.getFloat();
          target.set(element, value);
          if (nonFinite == null && !Double.isFinite(value)) {
            nonFinite = new NonFinite(slot.name(), element, value);
          }
        }
      }
    }
    if (digest != null && !hex(digest.digest()).equals(dataDigest)) {
      throw corrupted(path, "its tensor data do not match");
    }
    if (nonFinite != null) {
      throw new ModelFileException(path + ": " + nonFinite);
    }
  }

  /** The first element of a model's tensors that is NaN or infinite. */
  private record NonFinite(String tensor, int element, double value) {
    /** The first in {@code tensors}, or null if all are finite. */
    static NonFinite in(Map<String, Tensor> tensors) {
      for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
        Tensor tensor = entry.getValue();
        for (int index = 0; index < tensor.size(); index++) {
          if (!Double.isFinite(tensor.get(index))) {
            return new NonFinite(entry.getKey(), index, tensor.get(index));
          }
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return "tensor '"
          + tensor
          + "' holds "
          + value
          + " at element "
          + element
          + "; a model's weights and buffers must be finite";
    }
  }

  private static String dtypeName(DType dtype) {
    return dtype == DType.FLOAT64 ? "F64" : "F32";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
