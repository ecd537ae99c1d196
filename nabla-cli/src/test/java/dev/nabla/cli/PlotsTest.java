package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.data.Dataset;
import dev.nabla.io.data.Scaler;
import dev.nabla.io.model.Model;
import dev.nabla.layers.LayerText;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.StopReason;
import dev.nabla.training.TrainingResult;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What the plots show: held-out data, the best epoch, the test points. */
class PlotsTest {
  @TempDir Path directory;

  private static final int EPOCHS = 12;

  /** Two classes of two features, a point at each corner of the unit square and one inside. */
  private static Dataset data(double... xy) {
    int rows = xy.length / 2;
    Tensor features = Tensor.zeros(DType.FLOAT64, rows, 2);
    Tensor targets = Tensor.zeros(DType.FLOAT64, rows, 2);
    for (int row = 0; row < rows; row++) {
      features.set(row, 0, xy[2 * row]);
      features.set(row, 1, xy[2 * row + 1]);
      targets.set(row, row % 2, 1);
    }
    return new Dataset(features, targets, List.of("x", "y"), List.of("left", "right"), "test");
  }

  private static Model model(Dataset training) {
    Recipe recipe =
        Recipe.builder(LayerText.parse("4:tanh,2"), "softmax_cross_entropy")
            .dtype(DType.FLOAT64)
            .build();
    return new Model(
        recipe.network(2),
        "softmax_cross_entropy",
        Scaler.fit("none", training.features()),
        training.featureNames(),
        training.labelNames(),
        Map.of());
  }

  private static TrainingResult result(int bestEpoch) {
    List<Double> loss = new ArrayList<>();
    List<Double> validation = new ArrayList<>();
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      loss.add(1.0 / (epoch + 1));
      validation.add(1.2 / (epoch + 1) + 0.02 * epoch);
    }
    return new TrainingResult(
        bestEpoch > 0 ? StopReason.EARLY_STOPPED : StopReason.EPOCH_LIMIT,
        EPOCHS,
        EPOCHS * 10L,
        loss.get(EPOCHS - 1),
        loss,
        Map.of("validation loss", validation),
        bestEpoch,
        bestEpoch > 0);
  }

  /** Whether any pixel of the image's column x has exactly that colour. */
  private static boolean columnHas(BufferedImage image, int x, Color colour) {
    for (int y = 0; y < image.getHeight(); y++) {
      if ((image.getRGB(x, y) & 0xffffff) == (colour.getRGB() & 0xffffff)) {
        return true;
      }
    }
    return false;
  }

  private BufferedImage lossPlot(int bestEpoch) throws IOException {
    Dataset training = data(0, 0, 1, 0, 0, 1, 1, 1);
    Path plots = directory.resolve("best-" + bestEpoch);
    Plots.write(
        plots,
        result(bestEpoch),
        model(training),
        training,
        null,
        new PrintWriter(new StringWriter()),
        true);
    return ImageIO.read(plots.resolve("loss.png").toFile());
  }

  @Test
  void theBestEpochIsMarkedWhenEarlyStoppingRan() throws IOException {
    int x = Plots.epochX(5, EPOCHS);
    assertTrue(columnHas(lossPlot(5), x, Plots.BEST_EPOCH), "no best-epoch line at x " + x);
    assertFalse(columnHas(lossPlot(0), x, Plots.BEST_EPOCH), "a best-epoch line without one");
    assertFalse(
        columnHas(lossPlot(5), Plots.epochX(9, EPOCHS), Plots.BEST_EPOCH),
        "the line is at the wrong epoch");
  }

  @Test
  void theRegionsPlotShowsTheTestPointsAsRings() {
    Dataset training = data(0, 0, 1, 0, 0, 1, 1, 1);
    Model model = model(training);
    // Both sets span [0, 1]², padded by 8% a side, so (0.5, 0.5) is the middle of the 600-pixel
    // square whose top left corner is at (80, 50): pixel (380, 350), white only inside a ring.
    int white = 0xffffff;
    BufferedImage with = Plots.regions(model, training, data(0.5, 0.5, 0.2, 0.9));
    assertEquals(white, with.getRGB(380, 350) & 0xffffff);
    BufferedImage without = Plots.regions(model, training, null);
    assertNotEquals(white, without.getRGB(380, 350) & 0xffffff);
  }

  @Test
  void theDemoPlotsItsTestData() throws IOException {
    StringWriter out = new StringWriter();
    CommandLine commandLine = Nabla.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    assertEquals(0, commandLine.execute("demo", "--output-dir", directory.toString()));
    Path plots = directory.resolve("plots");
    assertEquals(
        "Confusion matrix on test data (500 samples)", Plots.title(plots.resolve("confusion.png")));
    assertEquals(Plots.REGIONS_TITLE, Plots.title(plots.resolve("regions.png")));
    assertEquals("Loss per epoch", Plots.title(plots.resolve("loss.png")));
  }

  @Test
  void withoutATestPartThePlotsShowTheValidationPart(@org.junit.jupiter.api.io.TempDir Path dir)
      throws java.io.IOException {
    StringBuilder csv = new StringBuilder("x,y,side\n");
    java.util.SplittableRandom random = new java.util.SplittableRandom(2);
    for (int row = 0; row < 200; row++) {
      double x = random.nextDouble(-1, 1);
      double y = random.nextDouble(-1, 1);
      csv.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%s%n", x, y, x > y ? "a" : "b"));
    }
    Path data = java.nio.file.Files.writeString(dir.resolve("d.csv"), csv);
    Path plots = dir.resolve("plots");
    CommandLine commandLine = Nabla.commandLine();
    commandLine.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));
    assertEquals(
        0,
        commandLine.execute(
            "train",
            "--data",
            data.toString(),
            "--epochs",
            "2",
            "--plots",
            plots.toString(),
            "-q",
            "-o",
            dir.resolve("m.nabla").toString()));
    assertEquals(
        "Confusion matrix on validation data (20 samples)",
        Plots.title(plots.resolve("confusion.png")));
    assertEquals(Plots.VALIDATION_REGIONS_TITLE, Plots.title(plots.resolve("regions.png")));
  }
}
