package dev.nabla;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core is compiled to WebAssembly for the browser, where there is no file system, no service
 * loading and no threads: files belong in nabla-io, and the few places that use a thread pool or
 * service loading are known and each has a path without them (an {@code Execution} of one thread on
 * the Java kernels).
 */
class CoreBoundariesTest {
  /** The classes allowed to load services or split work across threads, and why. */
  private static final Set<String> THREADED =
      Set.of(
          "dev/nabla/tensor/MatrixBackends.java", // finds native backends, unless an Execution says
          "dev/nabla/tensor/MatrixBackend.java", // documents its threads
          "dev/nabla/tensor/TunedJavaBackend.java", // splits rows when its threads are > 1
          "dev/nabla/network/Predictor.java", // splits blocks when its threads are > 1
          "dev/nabla/tensor/WorkerThreads.java"); // shards' threads, used when threads are > 1

  @Test
  void coreReadsAndWritesNoFilesAndUsesThreadsOnlyWhereItSaysSo() throws IOException {
    Path sources = Path.of("src/main/java");
    List<String> fileSystem;
    List<String> threads;
    try (Stream<Path> files = Files.walk(sources)) {
      List<Path> java = files.filter(path -> path.toString().endsWith(".java")).toList();
      fileSystem =
          java.stream()
              .filter(path -> read(path).matches("(?s).*import java\\.(nio\\.file|io\\.File)\\b.*"))
              .map(path -> sources.relativize(path).toString())
              .toList();
      threads =
          java.stream()
              .filter(
                  path ->
                      read(path).matches("(?s).*(ServiceLoader|\\.parallel\\(\\)|new Thread\\b).*"))
              .map(path -> sources.relativize(path).toString().replace('\\', '/'))
              .filter(name -> !THREADED.contains(name))
              .toList();
    }
    assertEquals(List.of(), fileSystem, "core's sources that touch the file system");
    assertEquals(List.of(), threads, "core's sources that start threads or load services");
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
