package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.playground.PlaygroundSite;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nabla playground}: its export, and its options' errors. */
class PlaygroundCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = Nabla.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void exportWritesThePageAndTheEngine(@TempDir Path dir) throws IOException {
    Path site = dir.resolve("site");
    assertEquals(Nabla.SUCCESS, run("playground", "--export", site.toString()), err.toString());
    assertTrue(out.toString().startsWith("wrote 5 files to " + site), out.toString());
    for (String name : PlaygroundSite.FILES) {
      assertTrue(Files.size(site.resolve(name)) > 0, name);
    }
    byte[] wasm = Files.readAllBytes(site.resolve("engine.wasm"));
    // "\0asm": a WebAssembly module.
    assertEquals(
        0x6d736100,
        (wasm[0] & 0xff) | (wasm[1] & 0xff) << 8 | (wasm[2] & 0xff) << 16 | (wasm[3] & 0xff) << 24);
  }

  @Test
  void exportIntoAFileIsOneLine(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("taken"), "x");
    assertEquals(Nabla.USER_ERROR, run("playground", "--export", file.toString()));
    assertEquals("nabla: " + file + " is a file, not a directory", err.toString().strip());
  }

  @Test
  void aPortOutOfRangeIsAUsageError() {
    assertEquals(Nabla.USAGE, run("playground", "--port", "70000"));
    assertTrue(
        err.toString().startsWith("nabla: --port must be 0 to 65535, got 70000"), err.toString());
  }

  @Test
  void aTakenPortIsOneLine() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertEquals(
          Nabla.USER_ERROR, run("playground", "--port", String.valueOf(taken.getLocalPort())));
      assertTrue(
          err.toString().startsWith("nabla: cannot serve on 127.0.0.1:" + taken.getLocalPort()),
          err.toString());
    }
  }
}
