package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Float32Kernels is generated from Float64Kernels, so one source of truth serves both precisions.
 *
 * <p>To regenerate after editing Float64Kernels: {@code mvn -pl nabla-core test
 * -Dtest=KernelTwinTest -Dnabla.regenerateKernels=true}, then {@code mvn spotless:apply}.
 */
class KernelTwinTest {
  private static final Path DIRECTORY = Path.of("src/main/java/dev/nabla/tensor");
  private static final String SOURCE_NOTE =
      "This file is the single source of truth: {@code Float32Kernels} is generated from it by\n"
          + " * replacing the element type (see {@code KernelTwinTest}), so edit this file, never"
          + " the twin.";
  private static final String TWIN_NOTE =
      "GENERATED from {@code Float64Kernels} by {@code KernelTwinTest}: edit that file, never this"
          + " one.";

  /** The twin's text: the source with the element type and names changed from 64 to 32 bits. */
  static String twinOf(String float64Source) {
    return retype(float64Source).replace(retype(SOURCE_NOTE), TWIN_NOTE);
  }

  private static String retype(String text) {
    return text.replace("Float64Kernels", "Float32Kernels")
        .replace("double", "float")
        .replace("float64", "float32");
  }

  @Test
  void float32KernelsAreTheGeneratedTwinOfFloat64Kernels() throws IOException {
    String source = Files.readString(DIRECTORY.resolve("Float64Kernels.java"));
    assertTrue(source.contains(SOURCE_NOTE), "Float64Kernels lost its source-of-truth note");
    String expected = twinOf(source);
    Path twin = DIRECTORY.resolve("Float32Kernels.java");
    if (Boolean.getBoolean("nabla.regenerateKernels")) {
      Files.writeString(twin, expected, StandardCharsets.UTF_8);
    }
    // Compared without layout, which the formatter may change after generation.
    assertEquals(
        withoutWhitespace(expected),
        withoutWhitespace(Files.readString(twin)),
        "Float32Kernels.java differs from the twin of Float64Kernels.java; regenerate it (see"
            + " this test's Javadoc)");
  }

  private static String withoutWhitespace(String text) {
    return text.replace(" * ", " ").replaceAll("\\s+", "");
  }
}
