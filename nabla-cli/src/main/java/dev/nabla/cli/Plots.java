package dev.nabla.cli;

import dev.nabla.io.data.Dataset;
import dev.nabla.io.files.AtomicFile;
import dev.nabla.io.model.Model;
import dev.nabla.metrics.ConfusionMatrix;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.TrainingResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * PNG plots of a training run, drawn with Java2D: loss and metric curves per epoch, the confusion
 * matrix, and for two-feature classification the decision regions with the training points.
 */
final class Plots {
  private static final Color[] PALETTE = {
    new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40),
    new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127),
    new Color(188, 189, 34), new Color(23, 190, 207)
  };
  private static final int WIDTH = 800;
  private static final int HEIGHT = 500;

  private Plots() {}

  /**
   * Whether {@link #write} reads the training set's raw features: for the confusion matrix when
   * there is no test set, and for two-feature decision regions. Others may scale them in place.
   */
  static boolean readsTrainingFeatures(Dataset training, Dataset test) {
    return training.isClassification() && (test == null || training.features().columns() == 2);
  }

  /** Whether {@link #write} reads the test set's raw features: for the confusion matrix. */
  static boolean readsTestFeatures(Dataset training) {
    return training.isClassification();
  }

  static void write(
      Path directory,
      TrainingResult result,
      Model model,
      Dataset training,
      Dataset test,
      PrintWriter out,
      boolean quiet)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(directory);
    List<Path> written = new ArrayList<>();
    Map<String, List<Double>> losses = new LinkedHashMap<>();
    losses.put("training loss", result.lossHistory());
    if (result.metricHistory().containsKey("validation loss")) {
      losses.put("validation loss", result.metricHistory().get("validation loss"));
    }
    written.add(save(directory.resolve("loss.png"), lineChart("Loss per epoch", "loss", losses)));
    Map<String, List<Double>> metrics = new LinkedHashMap<>();
    result
        .metricHistory()
        .forEach(
            (name, values) -> {
              if (!name.endsWith("loss")) {
                metrics.put(name, values);
              }
            });
    if (!metrics.isEmpty()) {
      String name = metrics.keySet().iterator().next();
      written.add(
          save(directory.resolve("metrics.png"), lineChart("Metrics per epoch", name, metrics)));
    }
    if (model.isClassification()) {
      Dataset shown = test != null ? test : training;
      ConfusionMatrix matrix = ConfusionMatrix.of(model.outputs(shown.features()), shown.targets());
      String title =
          "Confusion matrix on "
              + (test != null ? "test" : "training")
              + " data ("
              + shown.size()
              + " samples)";
      written.add(
          save(directory.resolve("confusion.png"), confusion(title, matrix, model.labelNames())));
      if (model.network().inputSize() == 2) {
        written.add(save(directory.resolve("regions.png"), regions(model, training)));
      }
    }
    if (!quiet) {
      for (Path path : written) {
        out.println("wrote " + path);
      }
    }
  }

  private static Path save(Path path, BufferedImage image) throws IOException {
    AtomicFile.write(path, out -> ImageIO.write(image, "png", out));
    return path;
  }

  private static Graphics2D canvas(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    return g;
  }

  /** Curves over epochs, with axes, ticks, a title and a legend. */
  static BufferedImage lineChart(String title, String yLabel, Map<String, List<Double>> series) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    int left = 80;
    int right = WIDTH - 30;
    int top = 50;
    int bottom = HEIGHT - 60;
    int epochs = 1;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (List<Double> values : series.values()) {
      epochs = Math.max(epochs, values.size());
      for (double value : values) {
        if (Double.isFinite(value)) {
          min = Math.min(min, value);
          max = Math.max(max, value);
        }
      }
    }
    if (!(max > min)) {
      min -= 0.5;
      max += 0.5;
    }
    double pad = (max - min) * 0.05;
    min -= pad;
    max += pad;
    g.setColor(Color.BLACK);
    g.setFont(g.getFont().deriveFont(Font.BOLD, 16f));
    centre(g, title, WIDTH / 2, 28);
    g.setFont(g.getFont().deriveFont(Font.PLAIN, 13f));
    g.setColor(new Color(225, 225, 225));
    for (double tick : ticks(min, max)) {
      int y = (int) (bottom - (tick - min) / (max - min) * (bottom - top));
      g.setColor(new Color(230, 230, 230));
      g.drawLine(left, y, right, y);
      g.setColor(Color.DARK_GRAY);
      String text = String.format(Locale.ROOT, "%.3g", tick);
      g.drawString(text, left - 8 - g.getFontMetrics().stringWidth(text), y + 5);
    }
    for (double tick : ticks(1, epochs)) {
      if (tick != Math.rint(tick)) {
        continue;
      }
      int x =
          epochs == 1
              ? (left + right) / 2
              : (int) (left + (tick - 1) / (epochs - 1) * (right - left));
      g.setColor(Color.DARK_GRAY);
      g.drawLine(x, bottom, x, bottom + 5);
      centre(g, Integer.toString((int) tick), x, bottom + 20);
    }
    g.setColor(Color.BLACK);
    g.drawRect(left, top, right - left, bottom - top);
    centre(g, "epoch", (left + right) / 2, HEIGHT - 15);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    centre(rotated, yLabel, -(top + bottom) / 2, 20);
    rotated.dispose();
    // Pixel positions of every point, to draw and to keep the legend off them.
    List<int[][]> curves = new ArrayList<>();
    for (List<Double> values : series.values()) {
      int[][] points = new int[values.size()][];
      for (int epoch = 0; epoch < values.size(); epoch++) {
        int x =
            epochs == 1
                ? (left + right) / 2
                : (int) (left + (double) epoch / (epochs - 1) * (right - left));
        int y = (int) (bottom - (values.get(epoch) - min) / (max - min) * (bottom - top));
        points[epoch] = new int[] {x, y};
      }
      curves.add(points);
    }
    int colour = 0;
    for (int[][] points : curves) {
      g.setColor(PALETTE[colour++ % PALETTE.length]);
      g.setStroke(new BasicStroke(2.5f));
      for (int i = 0; i < points.length; i++) {
        if (i > 0) {
          g.drawLine(points[i - 1][0], points[i - 1][1], points[i][0], points[i][1]);
        }
        if (points.length <= 40) {
          g.fillOval(points[i][0] - 3, points[i][1] - 3, 7, 7);
        }
      }
    }
    int legendWidth = 40;
    for (String name : series.keySet()) {
      legendWidth = Math.max(legendWidth, g.getFontMetrics().stringWidth(name) + 50);
    }
    int legendHeight = 20 * series.size() + 10;
    int legendX = right - legendWidth - 10;
    int topY = top + 10;
    int bottomY = bottom - legendHeight - 10;
    int legendTop =
        covered(curves, legendX, topY, legendWidth, legendHeight)
                <= covered(curves, legendX, bottomY, legendWidth, legendHeight)
            ? topY
            : bottomY;
    g.setStroke(new BasicStroke(1f));
    g.setColor(Color.WHITE);
    g.fillRect(legendX, legendTop, legendWidth, legendHeight);
    g.setColor(Color.LIGHT_GRAY);
    g.drawRect(legendX, legendTop, legendWidth, legendHeight);
    colour = 0;
    int legendY = legendTop + 20;
    for (String name : series.keySet()) {
      g.setColor(PALETTE[colour++ % PALETTE.length]);
      g.setStroke(new BasicStroke(2.5f));
      g.drawLine(legendX + 10, legendY - 5, legendX + 35, legendY - 5);
      g.setColor(Color.BLACK);
      g.drawString(name, legendX + 42, legendY);
      legendY += 20;
    }
    g.dispose();
    return image;
  }

  /** How many plotted points fall inside a rectangle (or within 6 pixels of it). */
  private static int covered(List<int[][]> curves, int x, int y, int width, int height) {
    int count = 0;
    for (int[][] points : curves) {
      for (int[] point : points) {
        if (point[0] >= x - 6
            && point[0] <= x + width + 6
            && point[1] >= y - 6
            && point[1] <= y + height + 6) {
          count++;
        }
      }
    }
    return count;
  }

  /** Counts as a heatmap, darker for more, with the labels on both axes. */
  static BufferedImage confusion(String title, ConfusionMatrix matrix, List<String> labels) {
    int classes = matrix.classes();
    int cell = Math.max(36, Math.min(70, 560 / classes));
    int left = 170;
    int top = 90;
    // Wide enough for the matrix and for the title (about 9 pixels a character at this size).
    int size = Math.max(left + cell * classes + 40, 9 * title.length() + 40);
    BufferedImage image =
        new BufferedImage(size, top + cell * classes + 60, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    g.setFont(g.getFont().deriveFont(Font.BOLD, 16f));
    g.setColor(Color.BLACK);
    centre(g, title, size / 2, 28);
    g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
    centre(g, "predicted", left + cell * classes / 2, 58);
    long largest = 1;
    for (int a = 0; a < classes; a++) {
      for (int p = 0; p < classes; p++) {
        largest = Math.max(largest, matrix.count(a, p));
      }
    }
    for (int a = 0; a < classes; a++) {
      String label = labels.get(a);
      g.setColor(Color.BLACK);
      g.drawString(
          label, left - 10 - g.getFontMetrics().stringWidth(label), top + a * cell + cell / 2 + 5);
      centre(g, abbreviate(label, cell, g.getFontMetrics()), left + a * cell + cell / 2, top - 8);
      for (int p = 0; p < classes; p++) {
        long count = matrix.count(a, p);
        float shade = (float) count / largest;
        Color fill = new Color(1 - 0.85f * shade, 1 - 0.6f * shade, 1 - 0.25f * shade);
        g.setColor(fill);
        g.fillRect(left + p * cell, top + a * cell, cell, cell);
        g.setColor(new Color(200, 200, 200));
        g.drawRect(left + p * cell, top + a * cell, cell, cell);
        g.setColor(shade > 0.55f ? Color.WHITE : Color.BLACK);
        centre(g, Long.toString(count), left + p * cell + cell / 2, top + a * cell + cell / 2 + 5);
      }
    }
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.setColor(Color.BLACK);
    centre(rotated, "actual", -(top + cell * classes / 2), 20);
    rotated.dispose();
    g.dispose();
    return image;
  }

  /** The predicted class over the plane of the two features, and the training points on it. */
  static BufferedImage regions(Model model, Dataset training) {
    int size = 600;
    int margin = 50;
    BufferedImage image =
        new BufferedImage(size + 2 * margin + 150, size + 2 * margin, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    Tensor points = training.features();
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int row = 0; row < points.rows(); row++) {
      minX = Math.min(minX, points.get(row, 0));
      maxX = Math.max(maxX, points.get(row, 0));
      minY = Math.min(minY, points.get(row, 1));
      maxY = Math.max(maxY, points.get(row, 1));
    }
    double padX = (maxX - minX) * 0.08 + 1e-9;
    double padY = (maxY - minY) * 0.08 + 1e-9;
    minX -= padX;
    maxX += padX;
    minY -= padY;
    maxY += padY;
    int step = 4;
    int cells = size / step;
    Tensor grid = Tensor.zeros(DType.FLOAT64, cells * cells, 2);
    for (int i = 0; i < cells; i++) {
      for (int j = 0; j < cells; j++) {
        grid.set(i * cells + j, 0, minX + (j + 0.5) / cells * (maxX - minX));
        grid.set(i * cells + j, 1, maxY - (i + 0.5) / cells * (maxY - minY));
      }
    }
    Tensor predicted = model.outputs(grid);
    for (int i = 0; i < cells; i++) {
      for (int j = 0; j < cells; j++) {
        int c = argmax(predicted, i * cells + j);
        Color colour = PALETTE[c % PALETTE.length];
        g.setColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 70));
        g.fillRect(margin + j * step, margin + i * step, step, step);
      }
    }
    int[] classes = training.classes();
    for (int row = 0; row < points.rows(); row++) {
      int x = (int) (margin + (points.get(row, 0) - minX) / (maxX - minX) * size);
      int y = (int) (margin + (maxY - points.get(row, 1)) / (maxY - minY) * size);
      g.setColor(PALETTE[classes[row] % PALETTE.length]);
      g.fillOval(x - 3, y - 3, 7, 7);
      g.setColor(Color.BLACK);
      g.drawOval(x - 3, y - 3, 7, 7);
    }
    g.setColor(Color.BLACK);
    g.drawRect(margin, margin, size, size);
    g.setFont(g.getFont().deriveFont(Font.BOLD, 16f));
    centre(g, "Decision regions and training points", margin + size / 2, 30);
    g.setFont(g.getFont().deriveFont(Font.PLAIN, 13f));
    centre(g, training.featureNames().get(0), margin + size / 2, size + 2 * margin - 15);
    for (int c = 0; c < model.labelNames().size(); c++) {
      g.setColor(PALETTE[c % PALETTE.length]);
      g.fillOval(size + margin + 20, margin + 20 + 22 * c - 8, 10, 10);
      g.setColor(Color.BLACK);
      g.drawString(model.labelNames().get(c), size + margin + 38, margin + 22 * c + 21);
    }
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    centre(rotated, training.featureNames().get(1), -(margin + size / 2), 20);
    rotated.dispose();
    g.dispose();
    return image;
  }

  private static int argmax(Tensor outputs, int row) {
    int best = 0;
    for (int c = 1; c < outputs.columns(); c++) {
      best = outputs.get(row, c) > outputs.get(row, best) ? c : best;
    }
    return best;
  }

  /** About five round-numbered ticks between min and max. */
  static List<Double> ticks(double min, double max) {
    double span = max - min;
    double raw = span / 5;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = magnitude * (raw / magnitude >= 5 ? 5 : raw / magnitude >= 2 ? 2 : 1);
    List<Double> ticks = new ArrayList<>();
    for (double tick = Math.ceil(min / step) * step; tick <= max + step * 1e-9; tick += step) {
      ticks.add(Math.abs(tick) < step * 1e-9 ? 0 : tick);
    }
    return ticks;
  }

  private static void centre(Graphics2D g, String text, int x, int y) {
    g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y);
  }

  private static String abbreviate(String label, int width, FontMetrics metrics) {
    String text = label;
    while (text.length() > 1 && metrics.stringWidth(text) > width - 4) {
      text = text.substring(0, text.length() - 1);
    }
    return text.equals(label) ? text : text + "…";
  }
}
