package dev.nabla.io.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.nabla.io.data.Scaler;
import dev.nabla.network.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field of a model file, removed, renamed, set out of range or made inconsistent, is refused
 * with a {@link ModelFileException} naming the file and the field, and nothing is built: never a
 * NullPointerException, an index out of bounds, or a model that loads and answers wrongly.
 */
class ModelFileValidationTest {
  @TempDir Path directory;

  private static final Path VERSION_1 = Path.of("src/test/resources/models/version-1.nabla");

  /** Fields a model file may leave out: the format says what their absence means. */
  private static final Set<String> OPTIONAL =
      Set.of(
          "/recipe", // a network saved without its recipe
          // A recipe's layers, optimizer and schedule take defaults for some settings they leave
          // out, in a model as in a recipe file; the document's digest is what catches one removed
          // from a saved model.
          "/recipe/layers/0/bias",
          "/recipe/layers/2/epsilon",
          "/recipe/layers/2/momentum",
          "/recipe/layers/3/seed",
          "/recipe/layers/4/bias",
          "/recipe/optimizer/learningRate",
          "/recipe/optimizer/momentum",
          "/recipe/schedule/warmup");

  /** Provenance is free-form: any of its entries may be left out or named otherwise. */
  private static boolean freeForm(String field) {
    return field.startsWith("/provenance/");
  }

  /** Numbers for which -1 is a value like any other. */
  private static final Set<String> ANY_NUMBER =
      Set.of(
          "/architecture/layers/3/seed",
          "/recipe/layers/3/seed",
          "/recipe/training/seed",
          "/preprocessing/offset/0",
          "/preprocessing/offset/1",
          "/preprocessing/offset/2");

  private Path version2() throws IOException {
    Path path = directory.resolve("version-2.nabla");
    ModelFile.write(path, FrozenModels.version2Example());
    return path;
  }

  static Stream<Arguments> versions() {
    return Stream.of(Arguments.of(1), Arguments.of(2));
  }

  private Path source(int version) throws IOException {
    return version == 1 ? VERSION_1 : version2();
  }

  /** The JSON pointer of every object field under {@code node}, depth first. */
  private static List<String> fields(JsonNode node, String at) {
    List<String> fields = new ArrayList<>();
    if (node.isObject()) {
      node.properties()
          .forEach(
              field -> {
                String pointer = at + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                fields.add(pointer);
                fields.addAll(fields(field.getValue(), pointer));
              });
    } else if (node.isArray()) {
      for (int index = 0; index < node.size(); index++) {
        fields.addAll(fields(node.get(index), at + "/" + index));
      }
    }
    return fields;
  }

  /** The JSON pointer of every number under {@code node}. */
  private static List<String> numbers(JsonNode node, String at) {
    List<String> numbers = new ArrayList<>();
    if (node.isNumber()) {
      numbers.add(at);
    } else if (node.isObject()) {
      node.properties()
          .forEach(field -> numbers.addAll(numbers(field.getValue(), at + "/" + field.getKey())));
    } else if (node.isArray()) {
      for (int index = 0; index < node.size(); index++) {
        numbers.addAll(numbers(node.get(index), at + "/" + index));
      }
    }
    return numbers;
  }

  private static String name(String pointer) {
    return pointer.substring(pointer.lastIndexOf('/') + 1);
  }

  private static void remove(JsonNode root, String pointer) {
    JsonNode parent = root.at(JsonPointer.compile(pointer).head());
    ((ObjectNode) parent).remove(name(pointer));
  }

  private static void rename(JsonNode root, String pointer) {
    ObjectNode parent = (ObjectNode) root.at(JsonPointer.compile(pointer).head());
    parent.set(name(pointer) + "X", parent.remove(name(pointer)));
  }

  private static void replace(JsonNode root, String pointer, JsonNode value) {
    JsonNode parent = root.at(JsonPointer.compile(pointer).head());
    if (parent.isArray()) {
      ((ArrayNode) parent).set(Integer.parseInt(name(pointer)), value);
    } else {
      ((ObjectNode) parent).set(name(pointer), value);
    }
  }

  /**
   * Reads {@code path}: null if it loads, else the failure, which must be a {@link
   * ModelFileException} naming the file (any other is recorded as a problem, and gives "").
   */
  private String failure(Path path, String what) {
    try {
      ModelFile.read(path);
      return null;
    } catch (ModelFileException e) {
      if (!e.getMessage().startsWith(path.toString())) {
        problems.add(what + ": the message does not name the file: " + e.getMessage());
      }
      return e.getMessage();
    } catch (IOException | RuntimeException e) {
      problems.add(what + ": " + e);
      return "";
    }
  }

  /** Changes a part of a file of {@code version}, and checks how it is read. */
  private void check(
      int version, String what, String field, boolean mayLoad, Consumer<ModelFileParts> change)
      throws IOException {
    ModelFileParts parts = ModelFileParts.of(source(version));
    change.accept(parts);
    Path path = parts.write(directory.resolve("changed.nabla"), version == 2);
    String message = failure(path, what);
    if (message == null) {
      if (!mayLoad) {
        problems.add(what + ": loads");
      }
    } else if (mayLoad) {
      problems.add(what + ": refused although it may be left out: " + message);
    } else if (!message.contains(field)) {
      problems.add(what + ": the message does not name " + field + ": " + message);
    }
  }

  private final List<String> problems = new ArrayList<>();

  @ParameterizedTest
  @MethodSource("versions")
  void everyFieldOfTheDocumentRemovedOrRenamedIsRefused(int version) throws IOException {
    JsonNode document = ModelFileParts.of(source(version)).document;
    List<String> fields = fields(document, "");
    for (String field : fields) {
      check(
          version,
          "document " + field + " removed",
          name(field),
          OPTIONAL.contains(field) || freeForm(field),
          parts -> remove(parts.document, field));
      check(
          version,
          "document " + field + " renamed",
          name(field),
          freeForm(field),
          parts -> rename(parts.document, field));
    }
    assertEquals(List.of(), problems);
    assertTrue(fields.size() > (version == 1 ? 30 : 70), "fields: " + fields.size());
  }

  @ParameterizedTest
  @MethodSource("versions")
  void everyFieldOfTheHeaderRemovedOrRenamedIsRefused(int version) throws IOException {
    ModelFileParts original = ModelFileParts.of(source(version));
    for (String field : fields(original.header, "")) {
      check(
          version,
          "header " + field + " removed",
          name(field),
          false,
          parts -> remove(parts.header, field));
      check(
          version,
          "header " + field + " renamed",
          name(field),
          false,
          parts -> rename(parts.header, field));
    }
    assertEquals(List.of(), problems);
  }

  /** Unsealed, any change to a version 2 document is caught by its digest alone. */
  @Test
  void everyFieldOfAVersion2DocumentRemovedOrRenamedBreaksItsDigest() throws IOException {
    Path source = version2();
    for (String field : fields(ModelFileParts.of(source).document, "")) {
      for (boolean removed : new boolean[] {true, false}) {
        ModelFileParts parts = ModelFileParts.of(source);
        if (removed) {
          remove(parts.document, field);
        } else {
          rename(parts.document, field);
        }
        Path path = parts.write(directory.resolve("changed.nabla"), false);
        assertEquals(
            path + " is corrupted: its model document does not match the digest in its header",
            assertThrows(ModelFileException.class, () -> ModelFile.read(path), field).getMessage());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("versions")
  void everyNumberSetToNaNInfinityOrMinusOneIsRefused(int version) throws IOException {
    ModelFileParts original = ModelFileParts.of(source(version));
    for (String number : numbers(original.document, "")) {
      for (String value : List.of("NaN", "1e999", "-1e999", "-1")) {
        check(
            version,
            "document " + number + " = " + value,
            name(number).matches("\\d+") ? "" : name(number),
            value.equals("-1") && ANY_NUMBER.contains(number),
            parts -> {
              replace(parts.document, number, TextNode.valueOf("@@"));
              parts.documentText = parts.document.toString().replace("\"@@\"", value);
            });
      }
    }
    assertEquals(List.of(), problems);
  }

  @ParameterizedTest
  @MethodSource("versions")
  void everyNumberOfTheHeaderSetOutOfRangeIsRefused(int version) throws IOException {
    ModelFileParts original = ModelFileParts.of(source(version));
    for (String number : numbers(original.header, "")) {
      String tensor = number.split("/")[1];
      for (String value : List.of("NaN", "1e999", "-1", "1.5", "\"4\"", "1e30")) {
        check(
            version,
            "header " + number + " = " + value,
            value.equals("NaN") ? "" : tensor,
            false,
            parts -> {
              replace(parts.header, number, TextNode.valueOf("@@"));
              parts.headerText = text -> text.replace("\"@@\"", value);
            });
      }
    }
    assertEquals(List.of(), problems);
  }

  private String refused(int version, Consumer<ModelFileParts> change) throws IOException {
    ModelFileParts parts = ModelFileParts.of(source(version));
    change.accept(parts);
    Path path = parts.write(directory.resolve("changed.nabla"), version == 2);
    String message =
        assertThrows(ModelFileException.class, () -> ModelFile.read(path)).getMessage();
    assertTrue(message.startsWith(path + ": "), message);
    return message.substring((path + ": ").length());
  }

  private static Consumer<ModelFileParts> set(String pointer, String json) {
    return parts -> {
      try {
        replace(parts.document, pointer, ModelFileParts.MAPPER.readTree(json));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    };
  }

  @ParameterizedTest
  @MethodSource("versions")
  void labelsMustNameEachOutputOnce(int version) throws IOException {
    assertEquals(
        "labels: 3 labels for the network's 2 outputs; a classifier names each output",
        refused(version, set("/labels", "[\"no\", \"yes\", \"maybe\"]")));
    assertEquals(
        "labels[1] 'no' repeats labels[0]; each output needs its own label",
        refused(version, set("/labels", "[\"no\", \"no\"]")));
    assertEquals(
        "labels[0] is blank; each output needs a label",
        refused(version, set("/labels", "[\"\", \"yes\"]")));
    assertEquals("labels[0] must be text, got 1", refused(version, set("/labels", "[1, 2]")));
    assertEquals(
        "labels must be a list of text, got \"no\"", refused(version, set("/labels", "\"no\"")));
    assertEquals(
        "task is regression, but the model has labels; a classifier's task is classification",
        refused(version, set("/task", "\"regression\"")));
  }

  @Test
  void aClassifierNeedsTwoLabels() throws IOException {
    Network network = Network.builder(1).dense(1).build();
    Model regression =
        new Model(
            network,
            "mse",
            new Scaler("none", new double[1], new double[] {1}),
            List.of("x"),
            List.of(),
            Map.of());
    Path path = directory.resolve("regression.nabla");
    ModelFile.write(path, regression);
    ModelFileParts parts = ModelFileParts.of(path);
    set("/labels", "[\"only\"]").accept(parts);
    set("/task", "\"classification\"").accept(parts);
    Path changed = parts.write(directory.resolve("one-label.nabla"), true);
    assertEquals(
        changed + ": labels: a classifier needs at least 2 labels, one per output; got 1",
        assertThrows(ModelFileException.class, () -> ModelFile.read(changed)).getMessage());
  }

  @ParameterizedTest
  @MethodSource("versions")
  void featuresMustNameEachInputOnce(int version) throws IOException {
    assertEquals(
        "features[1] 'a' repeats features[0]; each input needs its own name",
        refused(version, set("/features", "[\"a\", \"a\", \"c\"]")));
    assertEquals(
        "features[1] is blank; each input needs a name",
        refused(version, set("/features", "[\"a\", \" \", \"c\"]")));
    assertEquals(
        "features: 2 names for the network's 3 inputs; a model names each input",
        refused(version, set("/features", "[\"a\", \"b\"]")));
  }

  @ParameterizedTest
  @MethodSource("versions")
  void theScalerMustFitTheInputsWithUsableNumbers(int version) throws IOException {
    assertEquals(
        "preprocessing.offset: 2 values for the network's 3 inputs",
        refused(version, set("/preprocessing/offset", "[1, 3]")));
    assertEquals(
        "preprocessing.scale: 4 values for the network's 3 inputs",
        refused(version, set("/preprocessing/scale", "[1, 2, 1, 1]")));
    assertEquals(
        "preprocessing.scale[1] is 0.0; a scale must be positive and finite",
        refused(version, set("/preprocessing/scale", "[1, 0, 1]")));
    assertEquals(
        "preprocessing.scale[1] is -2.0; a scale must be positive and finite",
        refused(version, set("/preprocessing/scale", "[1, -2, 1]")));
    assertEquals(
        "preprocessing.scale[2] must be a number, got \"1\"",
        refused(version, set("/preprocessing/scale", "[1, 2, \"1\"]")));
    assertEquals(
        "preprocessing.scaling 'robust' is unknown; it is standard, minmax or none",
        refused(version, set("/preprocessing/scaling", "\"robust\"")));
  }

  @ParameterizedTest
  @MethodSource("versions")
  void theLossMustBeKnown(int version) throws IOException {
    assertEquals(
        "loss: unknown loss 'hinge'; known losses: " + dev.nabla.losses.Losses.KNOWN,
        refused(version, set("/loss", "\"hinge\"")));
  }

  @Test
  void theRecipeMustBeTheOneThatTrainedTheModel() throws IOException {
    assertEquals(
        "recipe.loss is softmax_cross_entropy but the model's loss is categorical_cross_entropy;"
            + " a model's recipe is the one that trained it",
        refused(2, set("/loss", "\"categorical_cross_entropy\"")));
    assertEquals("version is 1, but its metadata says 2", refused(2, set("/version", "1")));
  }

  @ParameterizedTest
  @MethodSource("versions")
  void nonFiniteWeightsAndBuffersAreRefusedNamingTheTensorAndElement(int version)
      throws IOException {
    assertEquals(
        "tensor 'layers.0.weights' holds NaN at element 5; a model's weights and buffers must be"
            + " finite",
        refused(version, parts -> parts.setDouble("layers.0.weights", 5, Double.NaN)));
    assertEquals(
        "tensor 'layers.2.runningMean' holds -Infinity at element 3; a model's weights and"
            + " buffers must be finite",
        refused(
            version,
            parts -> parts.setDouble("layers.2.runningMean", 3, Double.NEGATIVE_INFINITY)));
  }
}
