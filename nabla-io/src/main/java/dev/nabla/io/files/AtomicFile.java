package dev.nabla.io.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes a file atomically: the content goes to a temporary file beside the target, which is
 * renamed over the target only once complete. If writing fails, the temporary file is deleted and
 * the previous file, if any, is untouched.
 */
public final class AtomicFile {
  /** Writes the content of a file to a stream. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  /** Writes {@code content} to {@code path}, creating its folder if needed. */
  public static void write(Path path, Content content) throws IOException {
    Path absolute = path.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    // Not Files.createTempFile, whose owner-only permissions the renamed file would keep.
    Path temporary =
        absolute.resolveSibling(absolute.getFileName() + "." + UUID.randomUUID() + ".partial");
    try {
      try (OutputStream out =
          new BufferedOutputStream(
              Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW), 1 << 16)) {
        content.writeTo(out);
      }
      try {
        Files.move(
            temporary,
            absolute,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
