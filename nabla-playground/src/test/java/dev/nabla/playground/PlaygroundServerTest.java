package dev.nabla.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The server: 127.0.0.1 only, the site's files with the types browsers need, nothing else. */
class PlaygroundServerTest {
  @Test
  void servesTheSiteOnTheLoopbackAddressOnly() throws IOException, InterruptedException {
    try (PlaygroundServer server = PlaygroundServer.start(0)) {
      assertEquals("127.0.0.1", server.uri().getHost());
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> page = get(client, server.uri());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("<title>Nabla playground</title>"));
      HttpResponse<String> engine = get(client, server.uri().resolve("engine.wasm"));
      assertEquals("application/wasm", engine.headers().firstValue("Content-Type").orElse(""));
      assertEquals(404, get(client, server.uri().resolve("../pom.xml")).statusCode());
      assertEquals(404, get(client, server.uri().resolve("nosuch.js")).statusCode());
      HttpResponse<String> bad =
          client.send(
              HttpRequest.newBuilder(server.uri().resolve("model"))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"recipe\": 3}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(400, bad.statusCode());
      assertTrue(bad.body().startsWith("cannot write the model file: "), bad.body());
    }
  }

  @Test
  void thePageAndItsEngineWeighUnderTwoMegabytes() {
    long bytes = 0;
    for (String name : PlaygroundSite.FILES) {
      bytes += PlaygroundSite.read(name).length;
    }
    System.out.println("playground size: " + bytes + " bytes");
    assertTrue(bytes < 2_000_000, bytes + " bytes");
  }

  private static HttpResponse<String> get(HttpClient client, URI uri)
      throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
