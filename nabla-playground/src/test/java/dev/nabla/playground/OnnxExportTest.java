package dev.nabla.playground;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nabla.io.model.Model;
import dev.nabla.layers.Parameter;
import dev.nabla.onnx.OnnxImport;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The page's ONNX export: the local server's {@code POST /onnx} turns the page's weights into an
 * ONNX model that onnxruntime runs to the page's own outputs, and that nabla-onnx reads back with
 * the page's weights bit for bit.
 */
class OnnxExportTest {
  private static final String CSV =
      "h,w,kind\n150,50,small\n160,55,small\n180,80,tall\n190,85,tall\n170,60,small\n185,90,tall\n";

  /** The CSV's rows as they are in the file: the ONNX graph scales them itself. */
  private static final double[][] RAW = {
    {150, 50}, {160, 55}, {180, 80}, {190, 85}, {170, 60}, {185, 90}
  };

  @Test
  void theServersOnnxModelComputesThePagesOutputs()
      throws IOException, InterruptedException, OrtException {
    try (PlaygroundServer server = PlaygroundServer.start(0)) {
      for (String dtype : List.of("float32", "float64")) {
        PlaygroundSession session =
            new PlaygroundSession(
                Setup.parse(
                    "data=csv\ntest=0\nlayers=5:tanh,4:leaky_relu(-0.2)\ninit=he_normal\nbatch=2"
                        + "\nseed=7\ndtype="
                        + dtype),
                CsvData.read("kinds.csv", CSV));
        session.epoch();
        session.epoch();
        HttpResponse<byte[]> response = post(server.uri().resolve("onnx"), session.modelState());
        assertEquals(200, response.statusCode(), dtype);
        assertEquals(
            "attachment; filename=\"playground.onnx\"",
            response.headers().firstValue("Content-Disposition").orElse(""));
        byte[] onnx = response.body();

        // nabla-onnx reads it back: the page's weights, names and scaling.
        Model back = OnnxImport.read(onnx, "playground.onnx");
        assertEquals(List.of("h", "w"), back.featureNames());
        assertEquals(List.of("small", "tall"), back.labelNames());
        assertEquals("standard", back.scaler().kind());
        assertEquals(session.network().dtype(), back.network().dtype());
        for (Map.Entry<String, Parameter> entry : session.network().parameters().entrySet()) {
          assertArrayEquals(
              entry.getValue().value().toDoubleArray(),
              back.network().parameter(entry.getKey()).value().toDoubleArray(),
              dtype + " " + entry.getKey());
        }

        // onnxruntime on the raw rows gives the page's outputs on its scaled rows.
        DType precision = session.network().dtype();
        double[] page =
            session
                .network()
                .predict(Tensor.matrix(precision, session.data().trainInputs()))
                .toDoubleArray();
        double[] runtime = logits(onnx, precision);
        assertEquals(page.length, runtime.length);
        double largest = 0;
        double error = 0;
        for (int at = 0; at < page.length; at++) {
          largest = Math.max(largest, Math.abs(page[at]));
          error = Math.max(error, Math.abs(page[at] - runtime[at]));
        }
        // The graph scales in the model's precision, Nabla in float64 before the cast
        // (docs/onnx.md).
        double tolerance = precision == DType.FLOAT32 ? 1e-6 : 1e-12;
        System.out.println("playground ONNX export, " + dtype + ": max |ort - page| = " + error);
        assertTrue(error <= tolerance * largest, dtype + ": " + error + " of " + largest);
      }
    }
  }

  @Test
  void aBadStateIsABadRequestWithItsLine() throws IOException, InterruptedException {
    try (PlaygroundServer server = PlaygroundServer.start(0)) {
      HttpResponse<byte[]> bad = post(server.uri().resolve("onnx"), "{\"recipe\": 3}");
      assertEquals(400, bad.statusCode());
      String message = new String(bad.body(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(message.startsWith("cannot write the ONNX model: "), message);
    }
  }

  private static HttpResponse<byte[]> post(URI uri, String body)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The graph's {@code logits} for {@link #RAW}, through onnxruntime's Java API, flattened. */
  private static double[] logits(byte[] onnx, DType precision) throws OrtException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      try (OrtSession session = environment.createSession(onnx, options)) {
        OnnxTensor input;
        if (precision == DType.FLOAT32) {
          float[][] rows = new float[RAW.length][];
          for (int row = 0; row < RAW.length; row++) {
            rows[row] = new float[RAW[row].length];
            for (int column = 0; column < RAW[row].length; column++) {
              rows[row][column] = (float) RAW[row][column];
            }
          }
          input = OnnxTensor.createTensor(environment, rows);
        } else {
          input = OnnxTensor.createTensor(environment, RAW);
        }
        try (input;
            OrtSession.Result result = session.run(Map.of("features", input))) {
          Object value =
              result
                  .get("logits")
                  .orElseThrow(() -> new AssertionError("no logits output"))
                  .getValue();
          return Tensor.matrix(
                  DType.FLOAT64,
                  value instanceof float[][] floats ? widen(floats) : (double[][]) value)
              .toDoubleArray();
        }
      }
    }
  }

  private static double[][] widen(float[][] floats) {
    double[][] rows = new double[floats.length][];
    for (int row = 0; row < floats.length; row++) {
      rows[row] = new double[floats[row].length];
      for (int column = 0; column < floats[row].length; column++) {
        rows[row][column] = floats[row][column];
      }
    }
    return rows;
  }
}
