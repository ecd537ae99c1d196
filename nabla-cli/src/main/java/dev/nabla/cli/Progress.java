package dev.nabla.cli;

import dev.nabla.training.BatchEnd;
import dev.nabla.training.EpochEnd;
import dev.nabla.training.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Shows training as it goes: on a terminal, a live bar for the current epoch (batch, loss, the last
 * epoch's metrics, samples per second, time left for the whole run) and a line per epoch;
 * elsewhere, a line per epoch; with quiet, nothing.
 */
final class Progress implements TrainingListener {
  private static final long REDRAW_NANOS = 100_000_000;
  private final PrintWriter out;
  private final boolean live;
  private final boolean quiet;
  private long lastDraw;
  private long epochStart;
  private String lastMetrics = "";

  Progress(PrintWriter out, boolean live, boolean quiet) {
    this.out = out;
    this.live = live;
    this.quiet = quiet;
  }

  @Override
  public void onBatchEnd(BatchEnd event) {
    if (quiet || !live) {
      return;
    }
    long now = System.nanoTime();
    if (event.batch() == 1) {
      epochStart = now;
    }
    if (now - lastDraw < REDRAW_NANOS && event.batch() != event.batches()) {
      return;
    }
    lastDraw = now;
    int width = 30;
    int filled = (int) ((long) width * event.batch() / event.batches());
    double secondsPerBatch = (now - epochStart) / 1e9 / Math.max(1, event.batch() - 1);
    // What remains of this epoch and of every epoch after it, at this epoch's pace.
    long batchesLeft =
        event.batches() - event.batch() + (long) (event.epochs() - event.epoch()) * event.batches();
    double secondsLeft = secondsPerBatch * batchesLeft;
    out.printf(
        Locale.ROOT,
        "\repoch %d/%d [%s%s] %d/%d  loss %.4f%s  %,.0f samples/s  ETA %s ",
        event.epoch(),
        event.epochs(),
        "=".repeat(filled),
        " ".repeat(width - filled),
        event.batch(),
        event.batches(),
        event.loss(),
        lastMetrics,
        event.samplesPerSecond(),
        duration(secondsLeft));
    out.flush();
  }

  @Override
  public void onEpochEnd(EpochEnd event) {
    StringBuilder metrics = new StringBuilder();
    event
        .metrics()
        .forEach(
            (name, value) -> metrics.append(String.format(Locale.ROOT, "  %s %.4f", name, value)));
    lastMetrics = metrics.toString();
    // About twenty lines for a long run: every k-th epoch, and always the first and last.
    int every = Math.max(1, (event.epochs() + 19) / 20);
    boolean shown =
        event.epoch() == 1 || event.epoch() == event.epochs() || event.epoch() % every == 0;
    if (quiet || !shown) {
      if (live && !quiet) {
        out.print("\r\u001b[2K");
        out.flush();
      }
      return;
    }
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "epoch %d/%d  loss %.4f",
                event.epoch(),
                event.epochs(),
                event.loss()));
    for (Map.Entry<String, Double> metric : event.metrics().entrySet()) {
      line.append(String.format(Locale.ROOT, "  %s %.4f", metric.getKey(), metric.getValue()));
    }
    line.append(
        String.format(
            Locale.ROOT,
            "  lr %.3g  %,.0f samples/s",
            event.learningRate(),
            event.samplesPerSecond()));
    out.print(live ? "\r\u001b[2K" : "");
    out.println(line);
    out.flush();
  }

  static String duration(double seconds) {
    long whole = Math.round(seconds);
    return whole >= 60
        ? (whole / 60) + "m" + String.format(Locale.ROOT, "%02d", whole % 60) + "s"
        : whole + "s";
  }
}
