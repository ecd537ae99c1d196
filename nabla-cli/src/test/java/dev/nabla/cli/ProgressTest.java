package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.training.BatchEnd;
import dev.nabla.training.EpochEnd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The progress display fits its terminal, and a log records long epochs as they go. */
class ProgressTest {
  private final StringWriter text = new StringWriter();
  private long now;

  private Progress progress(boolean live, int width) {
    return new Progress(new PrintWriter(text, true), live, false, width, () -> now);
  }

  private static BatchEnd batch(int batch, double loss) {
    return new BatchEnd(1, 3, batch, 100, loss, 0.01, batch, 12_345);
  }

  @Test
  void theLiveLineNeverWrapsAndShowsTheEpochsMeanLoss() {
    Progress live = progress(true, 60);
    live.onEpochEnd(
        new EpochEnd(
            1, 3, 0.5, 100, 0.01, Map.of("accuracy", 0.9, "validation accuracy", 0.8), 1e4));
    text.getBuffer().setLength(0);
    for (int batch = 1; batch <= 100; batch++) {
      now += TimeUnit.MILLISECONDS.toNanos(200);
      live.onBatchEnd(batch(batch, batch % 2 == 0 ? 1.0 : 3.0));
    }
    for (String drawn : text.toString().split("\r")) {
      String visible = drawn.replace("\u001b[K", "");
      assertTrue(visible.length() < 60, "wider than the terminal: " + visible);
    }
    String last = text.toString().substring(text.toString().lastIndexOf('\r') + 1);
    assertTrue(last.contains("loss 2.0000"), "the running mean of 1 and 3: " + last);
  }

  @Test
  void withoutATerminalALongEpochIsLoggedEveryFewSeconds() {
    Progress log = progress(false, 80);
    for (int batch = 1; batch <= 100; batch++) {
      now += TimeUnit.SECONDS.toNanos(1);
      log.onBatchEnd(batch(batch, 1.0));
    }
    long lines = text.toString().lines().count();
    assertEquals(99 / Progress.LOG_EVERY_SECONDS, lines, text.toString());
    assertTrue(
        text.toString().startsWith("epoch 1/3  batch 11/100  mean loss 1.0000"), text.toString());
  }
}
