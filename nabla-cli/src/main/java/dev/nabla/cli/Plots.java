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
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.Node;

/**
 * PNG plots of a training run, drawn with Java2D: loss and metric curves per epoch (training and
 * any held-out curves, with the best epoch marked when early stopping chose one), the confusion
 * matrix with the class names, and for two-feature classification the decision regions with the
 * training and test points.
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
  private static final int LEFT = 80;
  private static final int RIGHT = WIDTH - 30;
  private static final int TOP = 50;
  private static final int BOTTOM = HEIGHT - 60;

  /** The colour of the best-epoch line, used for nothing else. */
  static final Color BEST_EPOCH = new Color(110, 110, 110);

  private static final String PNG_METADATA = "javax_imageio_png_1.0";
  static final String REGIONS_TITLE =
      "Decision regions, training points (filled), test points (rings)";

  /** The regions plot's title when the held-out points are the validation part. */
  static final String VALIDATION_REGIONS_TITLE =
      "Decision regions, training points (filled), validation points (rings)";

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
    write(directory, result, model, training, test, "test", out, quiet);
  }

  /**
   * The plots, with {@code heldOut} (raw features) shown as the held-out data named {@code
   * heldOutName}: "test", or "validation" when a run held out no test part.
   */
  static void write(
      Path directory,
      TrainingResult result,
      Model model,
      Dataset training,
      Dataset test,
      String heldOutName,
      PrintWriter out,
      boolean quiet)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(directory);
    List<Path> written = new ArrayList<>();
    Map<String, List<Double>> losses = new LinkedHashMap<>();
    losses.put("training loss", result.lossHistory());
    result
        .metricHistory()
        .forEach(
            (name, values) -> {
              if (name.endsWith("loss")) {
                losses.put(name, values);
              }
            });
    int best = result.bestEpoch();
    written.add(
        save(
            directory.resolve("loss.png"),
            "Loss per epoch",
            lineChart("Loss per epoch", "loss", losses, best)));
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
          save(
              directory.resolve("metrics.png"),
              "Metrics per epoch",
              lineChart("Metrics per epoch", name, metrics, best)));
    }
    if (model.isClassification()) {
      Dataset shown = test != null ? test : training;
      ConfusionMatrix matrix = ConfusionMatrix.of(model.outputs(shown.features()), shown.targets());
      String title =
          "Confusion matrix on "
              + (test != null ? heldOutName : "training")
              + " data ("
              + shown.size()
              + " samples)";
      written.add(
          save(
              directory.resolve("confusion.png"),
              title,
              confusion(title, matrix, model.labelNames())));
      if (model.network().inputSize() == 2) {
        written.add(
            save(
                directory.resolve("regions.png"),
                heldOutName.equals("test") ? REGIONS_TITLE : VALIDATION_REGIONS_TITLE,
                regions(model, training, test, heldOutName)));
      }
    }
    if (!quiet) {
      for (Path path : written) {
        out.println("wrote " + path);
      }
    }
  }

  /** Writes a PNG whose {@code Title} text chunk is the plot's title, for viewers and tests. */
  private static Path save(Path path, String title, BufferedImage image) throws IOException {
    AtomicFile.write(
        path,
        out -> {
          ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
          try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            IIOMetadata metadata =
                writer.getDefaultImageMetadata(
                    ImageTypeSpecifier.createFromRenderedImage(image), null);
            IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
            entry.setAttribute("keyword", "Title");
            entry.setAttribute("compressionFlag", "FALSE");
            entry.setAttribute("compressionMethod", "0");
            entry.setAttribute("languageTag", "");
            entry.setAttribute("translatedKeyword", "");
            entry.setAttribute("text", title);
            IIOMetadataNode text = new IIOMetadataNode("iTXt");
            text.appendChild(entry);
            IIOMetadataNode root = new IIOMetadataNode(PNG_METADATA);
            root.appendChild(text);
            metadata.mergeTree(PNG_METADATA, root);
            writer.setOutput(stream);
            writer.write(new IIOImage(image, null, metadata));
          } finally {
            writer.dispose();
          }
        });
    return path;
  }

  /** The {@code Title} a PNG written here carries, or null. */
  static String title(Path png) throws IOException {
    try (ImageInputStream stream = ImageIO.createImageInputStream(png.toFile())) {
      ImageReader reader = ImageIO.getImageReaders(stream).next();
      try {
        reader.setInput(stream);
        Node node = reader.getImageMetadata(0).getAsTree(PNG_METADATA).getFirstChild();
        for (; node != null; node = node.getNextSibling()) {
          for (Node e = node.getFirstChild(); e != null; e = e.getNextSibling()) {
            if (e.getNodeName().equals("iTXtEntry")
                && "Title".equals(((IIOMetadataNode) e).getAttribute("keyword"))) {
              return ((IIOMetadataNode) e).getAttribute("text");
            }
          }
        }
        return null;
      } finally {
        reader.dispose();
      }
    }
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

  /** The pixel column of an epoch (from 1) on a line chart of that many epochs. */
  static int epochX(int epoch, int epochs) {
    return epochs <= 1
        ? (LEFT + RIGHT) / 2
        : (int) (LEFT + (double) (epoch - 1) / (epochs - 1) * (RIGHT - LEFT));
  }

  /**
   * Curves over epochs, with axes, ticks, a title and a legend, and a dashed line at {@code
   * bestEpoch} if it is above 0 (the epoch early stopping judged best).
   */
  static BufferedImage lineChart(
      String title, String yLabel, Map<String, List<Double>> series, int bestEpoch) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    int left = LEFT;
    int right = RIGHT;
    int top = TOP;
    int bottom = BOTTOM;
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
      int x = epochX((int) tick, epochs);
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
        int x = epochX(epoch + 1, epochs);
        int y = (int) (bottom - (values.get(epoch) - min) / (max - min) * (bottom - top));
        points[epoch] = new int[] {x, y};
      }
      curves.add(points);
    }
    BasicStroke dashed =
        new BasicStroke(
            2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    List<String> names = new ArrayList<>(series.keySet());
    if (bestEpoch > 0 && bestEpoch <= epochs) {
      int x = epochX(bestEpoch, epochs);
      g.setColor(BEST_EPOCH);
      g.setStroke(dashed);
      g.drawLine(x, top + 1, x, bottom - 1);
      names.add("best epoch (" + bestEpoch + ")");
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
    for (String name : names) {
      legendWidth = Math.max(legendWidth, g.getFontMetrics().stringWidth(name) + 50);
    }
    int legendHeight = 20 * names.size() + 10;
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
    for (String name : names) {
      boolean curve = colour < series.size();
      g.setColor(curve ? PALETTE[colour++ % PALETTE.length] : BEST_EPOCH);
      g.setStroke(curve ? new BasicStroke(2.5f) : dashed);
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

  /**
   * The predicted class over the plane of the two features, with ticked axes, the training points
   * as filled dots and the test points (if any) as rings in the colour of their true class.
   */
  static BufferedImage regions(Model model, Dataset training, Dataset test) {
    return regions(model, training, test, "test");
  }

  static BufferedImage regions(Model model, Dataset training, Dataset test, String heldOutName) {
    int size = 600;
    int left = 80;
    int top = 50;
    BufferedImage image =
        new BufferedImage(left + size + 190, top + size + 60, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    double[] bounds = {
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
    };
    for (Dataset data : test == null ? List.of(training) : List.of(training, test)) {
      Tensor points = data.features();
      for (int row = 0; row < points.rows(); row++) {
        bounds[0] = Math.min(bounds[0], points.get(row, 0));
        bounds[1] = Math.max(bounds[1], points.get(row, 0));
        bounds[2] = Math.min(bounds[2], points.get(row, 1));
        bounds[3] = Math.max(bounds[3], points.get(row, 1));
      }
    }
    double padX = (bounds[1] - bounds[0]) * 0.08 + 1e-9;
    double padY = (bounds[3] - bounds[2]) * 0.08 + 1e-9;
    double minX = bounds[0] - padX;
    double maxX = bounds[1] + padX;
    double minY = bounds[2] - padY;
    double maxY = bounds[3] + padY;
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
        g.fillRect(left + j * step, top + i * step, step, step);
      }
    }
    g.setFont(g.getFont().deriveFont(Font.PLAIN, 13f));
    for (double tick : ticks(minX, maxX)) {
      int x = (int) (left + (tick - minX) / (maxX - minX) * size);
      g.setColor(Color.DARK_GRAY);
      g.drawLine(x, top + size, x, top + size + 5);
      centre(g, String.format(Locale.ROOT, "%.3g", tick), x, top + size + 20);
    }
    for (double tick : ticks(minY, maxY)) {
      int y = (int) (top + (maxY - tick) / (maxY - minY) * size);
      g.setColor(Color.DARK_GRAY);
      g.drawLine(left - 5, y, left, y);
      String text = String.format(Locale.ROOT, "%.3g", tick);
      g.drawString(text, left - 8 - g.getFontMetrics().stringWidth(text), y + 5);
    }
    for (Dataset data : test == null ? List.of(training) : List.of(training, test)) {
      Tensor points = data.features();
      int[] classes = data.classes();
      for (int row = 0; row < points.rows(); row++) {
        int x = (int) (left + (points.get(row, 0) - minX) / (maxX - minX) * size);
        int y = (int) (top + (maxY - points.get(row, 1)) / (maxY - minY) * size);
        dot(g, x, y, PALETTE[classes[row] % PALETTE.length], data == test);
      }
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(left, top, size, size);
    g.setFont(g.getFont().deriveFont(Font.BOLD, 16f));
    centre(
        g,
        heldOutName.equals("test") ? REGIONS_TITLE : VALIDATION_REGIONS_TITLE,
        image.getWidth() / 2,
        30);
    g.setFont(g.getFont().deriveFont(Font.PLAIN, 13f));
    centre(g, training.featureNames().get(0), left + size / 2, top + size + 45);
    int legendX = left + size + 20;
    List<String> labels = model.labelNames();
    for (int c = 0; c < labels.size(); c++) {
      g.setColor(PALETTE[c % PALETTE.length]);
      g.fillRect(legendX, top + 22 * c + 6, 14, 14);
      g.setColor(Color.BLACK);
      g.drawString(
          abbreviate(labels.get(c), 150, g.getFontMetrics()), legendX + 22, top + 22 * c + 18);
    }
    int keyY = top + 22 * labels.size() + 20;
    dot(g, legendX + 7, keyY + 13, Color.GRAY, false);
    g.setColor(Color.BLACK);
    g.drawString("training", legendX + 22, keyY + 18);
    if (test != null) {
      dot(g, legendX + 7, keyY + 35, Color.GRAY, true);
      g.setColor(Color.BLACK);
      g.drawString(heldOutName, legendX + 22, keyY + 40);
    }
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    centre(rotated, training.featureNames().get(1), -(top + size / 2), 20);
    rotated.dispose();
    g.dispose();
    return image;
  }

  /** A training point: a dot with a black edge; a test point: a white ring in the colour. */
  private static void dot(Graphics2D g, int x, int y, Color colour, boolean ring) {
    g.setStroke(new BasicStroke(ring ? 2f : 1f));
    g.setColor(ring ? Color.WHITE : colour);
    g.fillOval(x - 3, y - 3, 7, 7);
    g.setColor(ring ? colour : Color.BLACK);
    g.drawOval(x - 3, y - 3, 7, 7);
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
