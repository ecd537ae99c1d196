package dev.nabla.io.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/**
 * A model file taken apart, written independently of {@link ModelFile} as a plain safetensors
 * reader would: the header, the model document from its metadata, and the tensor data. Tests change
 * a part and put the file back together, with digests sealed afresh (so the check under test is the
 * one that answers) or left as they were (so the digest must answer).
 */
final class ModelFileParts {
  static final ObjectMapper MAPPER = new ObjectMapper();

  final ObjectNode header;
  ObjectNode document;
  byte[] data;

  /** The document's text, when a test needs what a JSON tree cannot hold (NaN); else null. */
  String documentText;

  /** Applied to the header's text before it is written, for what a tree cannot hold. */
  UnaryOperator<String> headerText = UnaryOperator.identity();

  private ModelFileParts(ObjectNode header, ObjectNode document, byte[] data) {
    this.header = header;
    this.document = document;
    this.data = data;
  }

  static ModelFileParts of(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    int headerLength = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    ObjectNode header =
        (ObjectNode) MAPPER.readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
    ObjectNode document = (ObjectNode) MAPPER.readTree(metadata(header).get("nabla").asText());
    return new ModelFileParts(
        header, document, Arrays.copyOfRange(bytes, 8 + headerLength, bytes.length));
  }

  static ObjectNode metadata(JsonNode header) {
    return (ObjectNode) header.get("__metadata__");
  }

  ObjectNode metadata() {
    return metadata(header);
  }

  /** Sets a float64 element of the data, {@code index} elements past {@code tensor}'s start. */
  ModelFileParts setDouble(String tensor, int index, double value) {
    int begin = header.get(tensor).get("data_offsets").get(0).asInt();
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putDouble(begin + 8 * index, value);
    return this;
  }

  /**
   * Writes the file; {@code seal} replaces the digests in the header, if there are any, with those
   * of the parts as they are now.
   */
  Path write(Path path, boolean seal) throws IOException {
    String text = documentText != null ? documentText : MAPPER.writeValueAsString(document);
    // Only what is there is replaced: a test may have taken any of it away.
    ObjectNode metadata = metadata();
    if (metadata != null && metadata.has("nabla")) {
      metadata.put("nabla", text);
    }
    if (seal && metadata != null && metadata.has("data_sha256")) {
      metadata.put("data_sha256", sha256(data));
    }
    if (seal && metadata != null && metadata.has("nabla_sha256")) {
      metadata.put("nabla_sha256", sha256(text.getBytes(StandardCharsets.UTF_8)));
    }
    byte[] headerBytes =
        headerText.apply(MAPPER.writeValueAsString(header)).getBytes(StandardCharsets.UTF_8);
    int padded = (headerBytes.length + 7) / 8 * 8;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
    out.write(headerBytes);
    for (int pad = headerBytes.length; pad < padded; pad++) {
      out.write(' ');
    }
    out.write(data);
    Files.write(path, out.toByteArray());
    return path;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java has SHA-256", e);
    }
  }
}
