package dev.nabla.playground;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The playground's files, from the class path: the page, its script and style, and the engine
 * (nabla-core as WebAssembly, with TeaVM's loader). The server serves them; {@link #export} writes
 * them for any static host.
 */
public final class PlaygroundSite {
  /** Every file of the site; {@code index.html} is the page. */
  public static final List<String> FILES =
      List.of(
          "index.html", "playground.js", "playground.css", "engine.wasm", "engine.wasm-runtime.js");

  private static final String ROOT = "/dev/nabla/playground/site/";

  private PlaygroundSite() {}

  /**
   * The bytes of a site file.
   *
   * @param name one of {@link #FILES}
   * @return its bytes
   * @throws IllegalArgumentException if the name is not a site file
   * @throws IllegalStateException if the build left the file out (the engine is built by TeaVM)
   */
  public static byte[] read(String name) {
    if (!FILES.contains(name)) {
      throw new IllegalArgumentException("the playground has no file '" + name + "'");
    }
    try (InputStream in = PlaygroundSite.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "the playground's "
                + name
                + " is missing from the class path: build nabla-playground without -DskipWasm");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the playground's " + name, e);
    }
  }

  /**
   * The media type a browser needs for a site file ({@code application/wasm} for the engine, which
   * streaming compilation requires).
   *
   * @param name a file name
   * @return its media type
   */
  public static String contentType(String name) {
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    } else if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    } else if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    } else if (name.endsWith(".wasm")) {
      return "application/wasm";
    }
    return "application/octet-stream";
  }

  /**
   * Writes the site into {@code directory}, creating it; each file is written to a temporary file,
   * forced to disk and renamed, so a reader never sees half a file.
   *
   * @param directory where to write
   * @return the files written
   * @throws IOException if a file cannot be written
   */
  public static List<Path> export(Path directory) throws IOException {
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new IOException(directory + " is a file, not a directory");
    }
    Files.createDirectories(directory);
    List<Path> written = new java.util.ArrayList<>();
    for (String name : FILES) {
      byte[] bytes = read(name);
      Path target = directory.resolve(name);
      Path temporary = Files.createTempFile(directory, "." + name, ".tmp");
      try {
        readableByAll(temporary);
        try (OutputStream out = Files.newOutputStream(temporary)) {
          out.write(bytes);
        }
        try (java.nio.channels.FileChannel channel =
            java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        Files.move(
            temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
      written.add(target);
    }
    return written;
  }

  /** rw-r--r--: a temporary file is the owner's alone, and a web server runs as another user. */
  private static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: files are readable as the directory allows.
    }
  }
}
