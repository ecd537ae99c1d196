package dev.nabla.cli;

import dev.nabla.playground.PlaygroundServer;
import dev.nabla.playground.PlaygroundSite;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nabla playground}: the browser playground, served locally or written as files. */
@Command(
    name = "playground",
    mixinStandardHelpOptions = true,
    description =
        "Opens the playground: build a network, train it and watch backpropagation in the browser,"
            + " every number computed by nabla-core compiled to WebAssembly. Serves it on"
            + " 127.0.0.1 and prints the address to open; --export writes it as static files"
            + " instead.")
final class PlaygroundCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "8642",
      description = "the port to serve on, on 127.0.0.1 only; 0 picks a free one (default: 8642)")
  int port;

  @Option(
      names = "--export",
      paramLabel = "DIR",
      description =
          "write the page and its engine to DIR as static files, for any static web server, and"
              + " exit (default: serve instead)")
  Path export;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (export != null) {
      List<Path> written = PlaygroundSite.export(export);
      out.println(
          "wrote "
              + written.size()
              + " files to "
              + export
              + ": serve the directory with any static web server (browsers do not run"
              + " WebAssembly from file:// pages); the model file and ONNX downloads need the"
              + " local server, nabla playground");
      out.flush();
      return Nabla.SUCCESS;
    }
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--port must be 0 to 65535, got " + port);
    }
    PlaygroundServer server = PlaygroundServer.start(port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    out.println("Nabla playground: " + server.uri() + "  (Ctrl-C stops it)");
    out.flush();
    // Serves until the process is stopped.
    new CountDownLatch(1).await();
    return Nabla.SUCCESS;
  }
}
