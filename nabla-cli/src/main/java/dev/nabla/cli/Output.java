package dev.nabla.cli;

import dev.nabla.io.files.AtomicFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Where a command's text goes: standard output, or a file written atomically. */
final class Output {
  private Output() {}

  static void write(PrintWriter out, Path file, CharSequence text) throws IOException {
    if (file == null) {
      out.print(text);
      out.flush();
    } else {
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      AtomicFile.write(file, stream -> stream.write(bytes));
    }
  }
}
