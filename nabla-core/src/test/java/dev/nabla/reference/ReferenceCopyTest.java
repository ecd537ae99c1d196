package dev.nabla.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed copy of the reference vectors is the shared file, byte for byte, wherever the
 * shared folder sits beside the checkout (it does in CI); the copy lets the tests run without it.
 */
class ReferenceCopyTest {
  @Test
  void committedCopyEqualsTheSharedReference() throws IOException {
    Path shared = Path.of("../../shared/reference/seed-vectors.json");
    if (System.getenv("CI") != null) {
      // CI always has shared/ beside its clone: there, a missing file is a failure, not a skip.
      assertTrue(Files.exists(shared), "CI has no " + shared.toAbsolutePath().normalize());
    } else {
      assumeTrue(Files.exists(shared), "no shared/ beside this checkout");
    }
    assertEquals(
        Files.readString(shared),
        Files.readString(Path.of("src/test/resources" + ReferenceVectors.RESOURCE)),
        "src/test/resources/reference/seed-vectors.json is stale: copy it from " + shared);
  }
}
