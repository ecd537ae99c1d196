package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each float32 kernel class is generated from its float64 source, so one source of truth serves
 * both precisions: {@code Float32Kernels} from {@code Float64Kernels}, {@code
 * Float32OptimizerKernels} from {@code Float64OptimizerKernels}, {@code Float32TunedKernels} from
 * {@code Float64TunedKernels}.
 *
 * <p>To regenerate after editing a float64 source: {@code mvn -pl nabla-core test
 * -Dtest=KernelTwinTest -Dnabla.regenerateKernels=true}, then {@code mvn spotless:apply}.
 */
class KernelTwinTest {
  private static final Path DIRECTORY = Path.of("src/main/java/dev/nabla/tensor");
  private static final Pattern SOURCE_NOTE =
      Pattern.compile(
          "This file is the single source of truth:.*?never the twin\\.", Pattern.DOTALL);

  /**
   * The twin's text: the source with the element type and names changed from 64 to 32 bits, and
   * {@code Math.sqrt}, which returns a double, narrowed back to float.
   */
  static String twinOf(String source, String sourceName) {
    Matcher note = SOURCE_NOTE.matcher(source);
    String marked =
        note.replaceFirst(
            Matcher.quoteReplacement(
                "GENERATED from {@code "
                    + sourceName
                    + "} by {@code KernelTwinTest}: edit that file, never this one."));
    return marked
        .replace("Float64", "Float32")
        .replace("double", "float")
        .replace("float64", "float32")
        .replace("Math.sqrt(", "(float) Math.sqrt(")
        .replace("GENERATED from {@code Float32", "GENERATED from {@code Float64");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Float64Kernels", "Float64OptimizerKernels", "Float64TunedKernels"})
  void float32TwinIsGeneratedFromTheFloat64Source(String sourceName) throws IOException {
    String source = Files.readString(DIRECTORY.resolve(sourceName + ".java"));
    assertTrue(SOURCE_NOTE.matcher(source).find(), sourceName + " lost its source-of-truth note");
    String expected = twinOf(source, sourceName);
    Path twin = DIRECTORY.resolve(sourceName.replace("Float64", "Float32") + ".java");
    if (Boolean.getBoolean("nabla.regenerateKernels")) {
      Files.writeString(twin, expected, StandardCharsets.UTF_8);
    }
    // Compared without layout, which the formatter may change after generation.
    assertEquals(
        withoutWhitespace(expected),
        withoutWhitespace(Files.exists(twin) ? Files.readString(twin) : ""),
        twin.getFileName()
            + " differs from the twin of "
            + sourceName
            + "; regenerate it (see this test's Javadoc)");
  }

  private static String withoutWhitespace(String text) {
    return text.replace(" * ", " ").replaceAll("\\s+", "");
  }
}
