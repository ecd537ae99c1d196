package dev.nabla.playground;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Serves the playground on 127.0.0.1 only, with the JDK's HTTP server: the site's files, and the
 * model file and ONNX model written from the weights the page posts ({@code POST /model}, {@code
 * POST /onnx}); the page needs nothing else (the engine runs in the browser).
 */
public final class PlaygroundServer implements AutoCloseable {
  private final HttpServer server;

  private PlaygroundServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving on the loopback address.
   *
   * @param port the port, 0 for any free one
   * @return the running server
   * @throws IOException if the port cannot be bound, e.g. because it is taken
   */
  public static PlaygroundServer start(int port) throws IOException {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0 to 65535, got " + port);
    }
    // Fails now, not in the browser, if the build left the engine out.
    for (String name : PlaygroundSite.FILES) {
      PlaygroundSite.read(name);
    }
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (java.net.BindException e) {
      throw new IOException(
          "cannot serve on 127.0.0.1:" + port + ": " + e.getMessage() + "; choose another --port",
          e);
    }
    server.createContext("/", PlaygroundServer::handle);
    server.start();
    return new PlaygroundServer(server);
  }

  private static void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String name = path.equals("/") ? "index.html" : path.substring(1);
      String method = exchange.getRequestMethod();
      if (path.equals("/model") && method.equals("POST")) {
        writeModel(exchange, "model file", "playground.nabla", ModelExport::modelFile);
        return;
      }
      if (path.equals("/onnx") && method.equals("POST")) {
        writeModel(exchange, "ONNX model", "playground.onnx", ModelExport::onnxFile);
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        send(
            exchange,
            405,
            "text/plain; charset=utf-8",
            "GET only\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (!PlaygroundSite.FILES.contains(name)) {
        send(
            exchange,
            404,
            "text/plain; charset=utf-8",
            "not found\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      send(exchange, 200, PlaygroundSite.contentType(name), PlaygroundSite.read(name));
    }
  }

  /** Most bytes of model state the server reads: the page's networks are far smaller. */
  private static final int MAX_STATE = 32 * 1024 * 1024;

  /** Writes a file from the page's model state. */
  @FunctionalInterface
  private interface Writer {
    byte[] write(String state) throws IOException;
  }

  /**
   * The page's weights in, a model file or ONNX model out ({@link ModelExport}); a fault is a 400
   * and its line.
   */
  private static void writeModel(HttpExchange exchange, String what, String fileName, Writer writer)
      throws IOException {
    byte[] state = exchange.getRequestBody().readNBytes(MAX_STATE + 1);
    if (state.length > MAX_STATE) {
      send(
          exchange,
          413,
          "text/plain; charset=utf-8",
          "model state too large\n".getBytes(StandardCharsets.UTF_8));
      return;
    }
    byte[] file;
    try {
      file = writer.write(new String(state, StandardCharsets.UTF_8));
    } catch (RuntimeException | IOException e) {
      send(
          exchange,
          400,
          "text/plain; charset=utf-8",
          ("cannot write the " + what + ": " + e.getMessage() + "\n")
              .getBytes(StandardCharsets.UTF_8));
      return;
    }
    exchange
        .getResponseHeaders()
        .set("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    send(exchange, 200, "application/octet-stream", file);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /**
   * The page's address.
   *
   * @return {@code http://127.0.0.1:PORT/}
   */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Stops serving. */
  @Override
  public void close() {
    server.stop(0);
  }
}
