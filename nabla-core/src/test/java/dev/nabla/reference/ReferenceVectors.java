package dev.nabla.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The golden values of {@code shared/reference/seed-vectors.json}, from the copy committed in test
 * resources ({@link ReferenceCopyTest} keeps it equal to the shared file).
 */
final class ReferenceVectors {
  static final String RESOURCE = "/reference/seed-vectors.json";

  private ReferenceVectors() {}

  static JsonNode seed(String seedFile) {
    for (JsonNode vector : root().get("vectors")) {
      if (vector.get("seed").asText().equals(seedFile)) {
        return vector;
      }
    }
    throw new IllegalStateException("no reference vector for " + seedFile);
  }

  static JsonNode root() {
    try (InputStream in = ReferenceVectors.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + RESOURCE);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double[][] matrix(JsonNode node) {
    double[][] matrix = new double[node.size()][];
    for (int row = 0; row < matrix.length; row++) {
      matrix[row] = vector(node.get(row));
    }
    return matrix;
  }

  static double[] vector(JsonNode node) {
    double[] vector = new double[node.size()];
    for (int index = 0; index < vector.length; index++) {
      vector[index] = node.get(index).asDouble();
    }
    return vector;
  }
}
