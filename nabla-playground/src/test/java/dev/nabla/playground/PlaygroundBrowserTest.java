package dev.nabla.playground;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.model.Model;
import dev.nabla.layers.Parameter;
import dev.nabla.onnx.OnnxImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground in a real browser: Debian's chromium, headless, driven through its chromedriver,
 * against the page and engine served on 127.0.0.1. A missing browser fails these tests (never a
 * skip): {@code .ci/run} installs it. Screenshots of each view go to {@code
 * target/playground-screenshots}.
 */
class PlaygroundBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "playground-screenshots");
  private static final Path DOWNLOADS = Path.of("target", "playground-downloads").toAbsolutePath();

  private static PlaygroundServer server;
  private ChromeDriver browser;

  @BeforeAll
  static void startServerAndDriver() throws IOException {
    for (Path needed : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(needed)) {
        throw new IllegalStateException(
            "the playground's browser tests need "
                + needed
                + ": apt-get install chromium chromium-driver (.ci/run does)");
      }
    }
    Files.createDirectories(SCREENSHOTS);
    Files.createDirectories(DOWNLOADS);
    server = PlaygroundServer.start(0);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void openBrowser() throws IOException {
    // chromedriver itself listens on 127.0.0.1 only (its default --allowed-ips is local).
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    Path profile = Files.createTempDirectory("nabla-playground-chromium");
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1500,1150",
        "--user-data-dir=" + profile);
    // A driver process per browser: quitting a browser stops its driver.
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    // Downloads go to target/playground-downloads, where a test reads them back.
    deleteDownloads();
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            DOWNLOADS.toString(),
            "download.prompt_for_download",
            false));
    browser = new ChromeDriver(service, options);
  }

  private static void deleteDownloads() throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(DOWNLOADS)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** Opens the page at {@code hash} and waits for the engine and a session. */
  private void open(String hash) {
    browser.get(server.uri() + hash);
    waitFor(
        () ->
            "ready".equals(browser.findElement(By.id("engine-state")).getDomAttribute("data-state"))
                && browser.findElement(By.id("engine-state")).getDomAttribute("data-session")
                    != null,
        "the engine to load");
  }

  private void waitFor(java.util.function.BooleanSupplier condition, String what) {
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .withMessage(() -> "waiting for " + what + "; the page says: " + message())
        .until(driver -> condition.getAsBoolean());
  }

  private String message() {
    WebElement box = browser.findElement(By.id("message"));
    return box.isDisplayed() ? box.getText() : "(no message)";
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  private void click(String id) {
    browser.findElement(By.id(id)).click();
  }

  private void set(String id, String value) {
    WebElement input = browser.findElement(By.id(id));
    if (input.getTagName().equals("select")) {
      // An option without a value attribute has its text as its value.
      Select select = new Select(input);
      if (select.getOptions().stream().anyMatch(o -> value.equals(o.getDomAttribute("value")))) {
        select.selectByValue(value);
      } else {
        select.selectByVisibleText(value);
      }
    } else {
      input.clear();
      input.sendKeys(value);
      // The page reads a field when it changes.
      ((JavascriptExecutor) browser)
          .executeScript(
              "arguments[0].dispatchEvent(new Event('change'))", browser.findElement(By.id(id)));
    }
  }

  private void scrollTo(String id) {
    ((JavascriptExecutor) browser)
        .executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
  }

  private void screenshot(String name) throws IOException {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name + ".png"), png);
  }

  @Test
  void seed000sForwardAndBackwardPassShowTheNotebooksNumbers() throws IOException {
    open("");
    set("data", "seed000");
    waitFor(() -> browser.getCurrentUrl().contains("data=seed000"), "seed 000's setup");
    // Forward one layer at a time (five layers, then the loss), then backward one at a time.
    for (int layer = 0; layer < 6; layer++) {
      click("fwd");
    }
    assertEquals("[1.98]", text("#pass-prediction"));
    assertEquals("12.6002", text("#pass-loss"));
    for (int layer = 0; layer < 5; layer++) {
      click("bwd");
    }
    assertTrue(text("#pass-stage").contains("backward: 5 of 5"), text("#pass-stage"));
    // ∂L/∂b of the first layer's first unit, and its weight's: the notebook's ∂L/∂w1 column 0, 1.
    assertEquals("[−8.534, 0]", text("[data-name='0.bias.grad']"));
    assertEquals("[−17.068]", text("[data-name='0.weights.grad.0']"));
    scrollTo("pass-table");
    screenshot("seed000-pass");
    // The neuron's derivation, clicked in the drawing.
    browser.findElement(By.cssSelector("circle.neuron[data-col='1'][data-unit='0']")).click();
    assertEquals("−8.534", text("#detail [data-name='bias.grad']"));
    assertEquals("1.3", text("#detail [data-name='z']"));
    // Beside it, core's own derivation (dev.nabla.explain) of the same pass and element.
    String core = text("#core-derivation pre");
    System.out.println("core's derivation on the page:\n" + core);
    assertTrue(core.contains("8.534"), core);
    // An edge: the weight from x into layer 1's unit 0, and its gradient δ·x.
    browser
        .findElement(By.cssSelector("line.edge[data-col='1'][data-unit='0'][data-from='0']"))
        .click();
    assertEquals("0.7", text("#detail [data-name='weight']"));
    assertEquals("−17.068", text("#detail [data-name='weight.grad']"));
    browser.findElement(By.id("loss-node")).click();
    assertEquals("L = 12.6002", text("#detail [data-name='loss']"));
    assertEquals("[−5.02]", text("#detail [data-name='loss.grad']"));
    scrollTo("detail");
    screenshot("seed000-derivation");
  }

  @Test
  void seed002sSoftmaxExampleGivesTheNotebooksForwardValues() {
    open("#data=seed002");
    click("pass-all");
    // seed-vectors.json: softmax(o) = [0.144383…, 0.193944…, 0.661673…] on x = [0.1, 0.2, 0.7].
    assertEquals("[0.144383, 0.193944, 0.661673]", text("#pass-prediction"));
    assertEquals("[1.7441, 2.0392, 3.2664]", text("[data-name='4.output']"));
  }

  @Test
  void xorTrainsToEveryTrainingPointRight() throws IOException {
    open(
        "#data=xor&points=200&noise=0&test=0.2&layers=8%3Atanh&output=auto&loss=auto"
            + "&optimizer=adam&lr=0.05&batch=16&init=glorot_uniform&seed=1&dtype=float32");
    click("play");
    waitFor(
        () -> "1".equals(browser.findElement(By.id("s-acc-train")).getDomAttribute("data-value")),
        "100% training accuracy on XOR");
    click("play");
    assertEquals("100%", text("#s-acc-train"));
    System.out.println("playground XOR: " + text("#status"));
    screenshot("xor-trained");
  }

  @Test
  void aCsvLoadsAndTrains() throws IOException {
    open("");
    Path csv = SCREENSHOTS.resolve("two-classes.csv");
    StringBuilder rows = new StringBuilder("height,weight,kind\n");
    for (int row = 0; row < 40; row++) {
      rows.append(150 + row)
          .append(',')
          .append(50 + (row % 7) * 3)
          .append(',')
          .append(row < 20 ? "small" : "tall")
          .append('\n');
    }
    Files.writeString(csv, rows);
    browser.findElement(By.id("csv-file")).sendKeys(csv.toAbsolutePath().toString());
    waitFor(() -> text("#csv-info").startsWith("two-classes.csv"), "the CSV to load");
    assertEquals("two-classes.csv: 40 rows, 2 classes", text("#csv-info"));
    assertEquals(
        "csv",
        new Select(browser.findElement(By.id("data")))
            .getFirstSelectedOption()
            .getDomProperty("value"));
    click("epoch");
    waitFor(() -> text("#s-epoch").equals("1") && text("#play").contains("Play"), "one epoch");
    assertEquals("(no message)", message());
    // The model file: the page posts its weights, the local server writes the file.
    click("export-model");
    waitFor(
        () -> browser.findElement(By.id("export-model")).getDomAttribute("data-bytes") != null,
        "the model file");
    assertTrue(
        Integer.parseInt(browser.findElement(By.id("export-model")).getDomAttribute("data-bytes"))
            > 100);
    assertEquals("(no message)", message());
    // The ONNX model, the same way: the download is the page's network, weight for weight.
    click("export-onnx");
    Path onnx = DOWNLOADS.resolve("playground.onnx");
    waitFor(() -> Files.isRegularFile(onnx), "the ONNX download");
    assertEquals("(no message)", message());
    Model model = OnnxImport.read(onnx);
    assertEquals(List.of("height", "weight"), model.featureNames());
    assertEquals(List.of("small", "tall"), model.labelNames());
    List<Integer> weights = new java.util.ArrayList<>();
    for (Parameter parameter : model.network().parameters().values()) {
      for (int at = 0; at < parameter.value().size(); at++) {
        weights.add(Float.floatToRawIntBits((float) parameter.value().get(at)));
      }
    }
    assertArrayEquals(
        bits(browser), weights.stream().mapToInt(Integer::intValue).toArray(), "ONNX weights");
    screenshot("csv-loaded");
  }

  @Test
  void badCsvsShowTheirMessage() throws IOException {
    open("");
    String[][] cases = {
      {
        "text.csv",
        "a,b,label\n1,2,0\n3,abc,1\n",
        "text.csv: line 3, column 2 (b): 'abc' is not a number"
      },
      {"empty.csv", "", "empty.csv: the file is empty: no header and no rows"},
      {
        "one-class.csv",
        "a,label\n1,yes\n2,yes\n",
        "one-class.csv: every row has the class 'yes': a classifier needs at least two classes in"
            + " the last column"
      },
    };
    for (String[] each : cases) {
      Path file = SCREENSHOTS.resolve(each[0]);
      Files.writeString(file, each[1]);
      browser.findElement(By.id("csv-file")).sendKeys(file.toAbsolutePath().toString());
      waitFor(() -> message().equals(each[2]), "the message for " + each[0]);
    }
    // Dropped on the drop zone rather than chosen: the same reader, the same message.
    ((JavascriptExecutor) browser)
        .executeScript(
            "const data = new DataTransfer();"
                + "data.items.add(new File(['x,label\\n1,a\\n2,b\\nthree,a\\n'], 'dropped.csv'));"
                + "document.getElementById('drop').dispatchEvent("
                + "new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));");
    waitFor(
        () -> message().equals("dropped.csv: line 4, column 1 (x): 'three' is not a number"),
        "the dropped file's message");
    screenshot("csv-bad");
    // A network too big for the page says so, and the page still answers.
    set("layers", "256:relu,256:relu");
    waitFor(() -> message().startsWith("layers: the network has 3 dense layers and"), "too big");
    screenshot("network-too-big");
  }

  @Test
  void theUrlRoundTripsTheSetup() {
    open("");
    set("data", "moons");
    set("layers", "5:leaky_relu(-0.3),3:tanh");
    set("optimizer", "sgd");
    set("lr", "0.03");
    set("batch", "8");
    set("seed", "7");
    set("noise", "0.2");
    waitFor(() -> browser.getCurrentUrl().contains("seed=7"), "the URL to hold the setup");
    String url = browser.getCurrentUrl();
    String engineSetup = (String) ((JavascriptExecutor) browser).executeScript("return info.setup");
    browser.get("about:blank");
    browser.get(url);
    waitFor(
        () ->
            "ready"
                .equals(browser.findElement(By.id("engine-state")).getDomAttribute("data-session")),
        "the linked page");
    assertEquals("moons", browser.findElement(By.id("data")).getDomProperty("value"));
    assertEquals(
        "5:leaky_relu(-0.3),3:tanh", browser.findElement(By.id("layers")).getDomProperty("value"));
    assertEquals("sgd", browser.findElement(By.id("optimizer")).getDomProperty("value"));
    assertEquals("0.03", browser.findElement(By.id("lr")).getDomProperty("value"));
    assertEquals("8", browser.findElement(By.id("batch")).getDomProperty("value"));
    assertEquals("7", browser.findElement(By.id("seed")).getDomProperty("value"));
    assertEquals(engineSetup, ((JavascriptExecutor) browser).executeScript("return info.setup"));
    assertEquals(url, browser.getCurrentUrl());
  }

  @Test
  void float32StepsInTheBrowserEqualTheJvmsBitForBit() {
    String[] setups = {
      "data=xor\npoints=120\nnoise=0\ntest=0.25\nlayers=16:relu,16:relu\nloss=mse\noptimizer=sgd"
          + "\nlr=0.1\nbatch=16\ninit=glorot_uniform\nseed=3\ndtype=float32",
      "data=xor\npoints=120\nnoise=0\ntest=0.25\nlayers=16:relu,8:leaky_relu(-0.2)"
          + "\nloss=softmax_cross_entropy\noptimizer=adam\nlr=0.01\nbatch=10\ninit=he_uniform"
          + "\nseed=5\ndtype=float32",
      // Normal draws: the browser's SplittableRandom is JDK 17's ziggurat; 4,400 weights draw
      // about 50 times from its overhangs and tail, where the rare paths are.
      "data=circles\npoints=100\nnoise=0.1\ntest=0.2\nlayers=64:relu,64:relu\nloss=auto"
          + "\noptimizer=sgd\nlr=0.05\nbatch=20\ninit=he_normal\nseed=11\ndtype=float32",
      "data=moons\npoints=100\nnoise=0.1\ntest=0.2\nlayers=12:tanh\noptimizer=adam\nlr=0.01"
          + "\nbatch=25\ninit=glorot_normal\nseed=2\ndtype=float32",
    };
    open("");
    JavascriptExecutor page = browser;
    for (String setup : setups) {
      PlaygroundSession jvm = new PlaygroundSession(Setup.parse(setup), null);
      Object configured = page.executeScript("return engine.configure(arguments[0])", setup);
      assertFalse(String.valueOf(configured).contains("\"error\""), String.valueOf(configured));
      assertArrayEquals(jvm.parameterBits(), bits(page), "initial weights: " + setup);
      for (int step = 1; step <= 20; step++) {
        jvm.step();
        page.executeScript("engine.step()");
        assertArrayEquals(jvm.parameterBits(), bits(page), "after step " + step + ": " + setup);
      }
    }
  }

  private static int[] bits(JavascriptExecutor page) {
    @SuppressWarnings("unchecked")
    List<Number> list =
        (List<Number>) page.executeScript("return Array.from(engine.parameterBits())");
    int[] bits = new int[list.size()];
    for (int at = 0; at < bits.length; at++) {
      bits[at] = list.get(at).intValue();
    }
    return bits;
  }

  @Test
  void theExportedSiteWorksFromAStaticServer() throws IOException {
    Path site = Path.of("target", "exported-site");
    PlaygroundSite.export(site);
    // A plain static server on 127.0.0.1: files by name, nothing else.
    com.sun.net.httpserver.HttpServer files =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 8);
    files.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String name = exchange.getRequestURI().getPath().substring(1);
            Path file = site.resolve(name.isEmpty() ? "index.html" : name).normalize();
            if (!file.startsWith(site) || !Files.isRegularFile(file)) {
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange
                .getResponseHeaders()
                .set("Content-Type", PlaygroundSite.contentType(file.getFileName().toString()));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    files.start();
    try {
      browser.get("http://127.0.0.1:" + files.getAddress().getPort() + "/#data=moons");
      waitFor(
          () ->
              "ready"
                  .equals(
                      browser.findElement(By.id("engine-state")).getDomAttribute("data-session")),
          "the exported page");
      click("epoch");
      waitFor(() -> text("#s-epoch").equals("1"), "one epoch");
      // A static host cannot write model files, and says so.
      click("export-model");
      waitFor(() -> message().startsWith("Model files are written by the local server"), "why not");
      click("export-onnx");
      waitFor(() -> message().startsWith("ONNX models are written by the local server"), "why not");
      assertTrue(message().contains("run nabla playground"), message());
    } finally {
      files.stop(0);
    }
  }

  @Test
  void theOverviewAndTheTrainingSpeed() throws IOException {
    open(
        "#data=circles&points=500&noise=0.1&test=0&layers=16%3Arelu%2C16%3Arelu&output=auto"
            + "&loss=auto&optimizer=adam&lr=0.01&batch=32&init=glorot_uniform&seed=1&dtype=float32");
    screenshot("overview-untrained");
    // Measured, not asserted: the first paint and the engine's start, from the navigation.
    System.out.println(
        "playground first contentful paint: "
            + ((JavascriptExecutor) browser)
                .executeScript(
                    "return Math.round(performance.getEntriesByName('first-contentful-paint')[0]"
                        + ".startTime)")
            + " ms, engine ready: "
            + browser.findElement(By.id("engine-state")).getDomAttribute("data-loaded-ms")
            + " ms");
    click("play");
    waitFor(() -> Integer.parseInt(text("#s-epoch")) >= 300, "300 epochs");
    click("play");
    // Measured, not asserted (speed belongs to benchmarks): printed for the README's figure.
    System.out.println("playground speed, 2-16-16-2 on 500 points, batch 32: " + text("#s-speed"));
    screenshot("overview-trained");
  }
}
