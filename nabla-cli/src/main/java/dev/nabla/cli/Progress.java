package dev.nabla.cli;

import dev.nabla.training.BatchEnd;
import dev.nabla.training.EpochEnd;
import dev.nabla.training.TrainingListener;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows training as it goes. On a terminal: one line redrawn in place for the current epoch (its
 * batches, the epoch's running mean loss, the last epoch's metrics, samples per second, time left
 * for the whole run), cut to the terminal's width so it never wraps, and a line per epoch (about
 * twenty for a long run). Elsewhere (a log file, CI): a line per epoch, and a progress line every
 * {@value #LOG_EVERY_SECONDS} seconds within a long epoch, so a run that stops early is logged up
 * to its end. With quiet, nothing.
 */
final class Progress implements TrainingListener {
  private static final long REDRAW_NANOS = 100_000_000;
  static final long LOG_EVERY_SECONDS = 10;

  private final PrintWriter out;
  private final boolean live;
  private final boolean quiet;
  private final int width;
  private final LongSupplier clock;
  private long lastDraw;
  private long epochStart;
  private double lossSum;
  private int lossCount;
  private String lastMetrics = "";

  Progress(PrintWriter out, boolean live, boolean quiet) {
    this(out, live, quiet, live ? terminalWidth() : 80, System::nanoTime);
  }

  Progress(PrintWriter out, boolean live, boolean quiet, int width, LongSupplier clock) {
    this.out = out;
    this.live = live;
    this.quiet = quiet;
    this.width = Math.max(20, width);
    this.clock = clock;
  }

  @Override
  public void onBatchEnd(BatchEnd event) {
    if (quiet) {
      return;
    }
    long now = clock.getAsLong();
    if (event.batch() == 1) {
      epochStart = now;
      lastDraw = now;
      lossSum = 0;
      lossCount = 0;
    }
    lossSum += event.loss();
    lossCount++;
    if (live) {
      if (now - lastDraw >= REDRAW_NANOS || event.batch() == event.batches()) {
        lastDraw = now;
        out.print("\r" + fit(bar(event, now)) + "\u001b[K");
        out.flush();
      }
    } else if (now - lastDraw >= TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS)
        && event.batch() < event.batches()) {
      lastDraw = now;
      out.println(
          String.format(
              Locale.ROOT,
              "epoch %d/%d  batch %d/%d  mean loss %.4f  %,.0f samples/s  ETA %s",
              event.epoch(),
              event.epochs(),
              event.batch(),
              event.batches(),
              lossSum / lossCount,
              event.samplesPerSecond(),
              duration(secondsLeft(event, now))));
      out.flush();
    }
  }

  /** The live line: epoch, a bar, the running mean loss, the last epoch's metrics, speed, ETA. */
  private String bar(BatchEnd event, long now) {
    int barWidth = Math.max(10, Math.min(30, width / 5));
    int filled = (int) ((long) barWidth * event.batch() / event.batches());
    return String.format(
        Locale.ROOT,
        "epoch %d/%d [%s%s] %d/%d  loss %.4f%s  %,.0f samples/s  ETA %s",
        event.epoch(),
        event.epochs(),
        "=".repeat(filled),
        " ".repeat(barWidth - filled),
        event.batch(),
        event.batches(),
        lossSum / lossCount,
        lastMetrics,
        event.samplesPerSecond(),
        duration(secondsLeft(event, now)));
  }

  /** What remains of this epoch and of every epoch after it, at this epoch's pace. */
  private double secondsLeft(BatchEnd event, long now) {
    double secondsPerBatch = (now - epochStart) / 1e9 / Math.max(1, event.batch());
    long batchesLeft =
        event.batches() - event.batch() + (long) (event.epochs() - event.epoch()) * event.batches();
    return secondsPerBatch * batchesLeft;
  }

  /** The line cut to the terminal's width less one column, so that it never wraps. */
  String fit(String line) {
    return line.length() < width ? line : line.substring(0, width - 2) + "…";
  }

  @Override
  public void onEpochEnd(EpochEnd event) {
    StringBuilder metrics = new StringBuilder();
    event
        .metrics()
        .forEach(
            (name, value) -> metrics.append(String.format(Locale.ROOT, "  %s %.4f", name, value)));
    lastMetrics = metrics.toString();
    lastDraw = clock.getAsLong();
    // On a terminal, about twenty lines for a long run: every k-th epoch, and always the first and
    // last. In a log, every epoch: a run that stops early must have its last epochs on record.
    int every = live ? Math.max(1, (event.epochs() + 19) / 20) : 1;
    boolean shown =
        event.epoch() == 1 || event.epoch() == event.epochs() || event.epoch() % every == 0;
    if (quiet) {
      return;
    }
    if (!shown) {
      if (live) {
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

  /**
   * The terminal's width: {@code $COLUMNS} if the shell exported it, else what {@code stty size}
   * says of the controlling terminal, else 80. (JLine would answer this too, but it is a dependency
   * of its own for one number.)
   */
  static int terminalWidth() {
    String columns = System.getenv("COLUMNS");
    if (columns != null && columns.matches("\\d{2,4}")) {
      return Integer.parseInt(columns);
    }
    File tty = new File("/dev/tty");
    if (tty.exists()) {
      try {
        Process stty =
            new ProcessBuilder("stty", "size")
                .redirectInput(tty)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (stty.waitFor(1, TimeUnit.SECONDS) && size.strip().matches("\\d+ \\d+")) {
          return Integer.parseInt(size.strip().split(" ")[1]);
        }
      } catch (IOException e) {
        // No stty: the default below.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return 80;
  }
}
