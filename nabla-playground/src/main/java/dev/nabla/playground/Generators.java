package dev.nabla.playground;

import java.util.SplittableRandom;

/**
 * The data sets: the seed notebooks' problems and the 2-D generators, drawn from the setup's seed,
 * then split into training and test rows.
 */
final class Generators {
  private Generators() {}

  /** Seed 000's hand-set weights, bias in column 0: {@code [outputs × (1 + inputs)]}. */
  static final double[][][] SEED000_WEIGHTS = {
    {{-0.1, 0.7}, {0.3, -0.2}},
    {{-0.2, 1.1, 0.2}, {-0.1, 0.5, -0.3}},
    {{0.1, 0.5, 2.3}}
  };

  /** Seed 002's weights, {@code [inputs × outputs]} as the notebook writes them. */
  static final double[][][] SEED002_WEIGHTS = {
    {{0.1, 0.2, 0.3}, {0.3, 0.2, 0.7}, {0.4, 0.3, 0.9}},
    {{0.2, 0.3, 0.5}, {0.3, 0.5, 0.7}, {0.6, 0.4, 0.8}},
    {{0.1, 0.4, 0.8}, {0.3, 0.7, 0.2}, {0.5, 0.2, 0.9}}
  };

  /** Seed 002's constant bias. */
  static final double SEED002_BIAS = 0.3;

  /** The data the setup names; a CSV comes from the page, already read. */
  static Dataset generate(Setup setup, Dataset csv) {
    String data = setup.text("data");
    int points = setup.integer("points", 1);
    double noise = setup.number("noise");
    SplittableRandom random = new SplittableRandom(setup.whole("seed"));
    double[][] x;
    double[][] y;
    int classes;
    String[] names = {"x₀", "x₁"};
    int traceRow = 0;
    switch (data) {
      case "seed000" -> {
        // x ∈ [0, 2] evenly, y = x² + 3; the notebook's worked step is the last point, x = 2.
        x = new double[points][1];
        y = new double[points][1];
        for (int row = 0; row < points; row++) {
          double value = points == 1 ? 2 : 2.0 * row / (points - 1);
          x[row][0] = value;
          y[row][0] = value * value + 3 + noise * gaussian(random);
        }
        classes = 0;
        names = new String[] {"x"};
        traceRow = points - 1;
      }
      case "seed001" -> {
        x = new double[points][2];
        y = new double[points][1];
        for (int row = 0; row < points; row++) {
          x[row][0] = random.nextDouble();
          x[row][1] = random.nextDouble();
          y[row][0] = 10 * x[row][0] * x[row][1] + noise * (2 * random.nextDouble() - 1);
        }
        classes = 0;
      }
      case "seed002" -> {
        // The notebook's one sample, class 0 of three.
        x = new double[][] {{0.1, 0.2, 0.7}};
        y = new double[][] {{1, 0, 0}};
        classes = 3;
        names = new String[] {"x₀", "x₁", "x₂"};
      }
      case "addition" -> {
        x = new double[points][2];
        y = new double[points][1];
        for (int row = 0; row < points; row++) {
          x[row][0] = random.nextDouble();
          x[row][1] = random.nextDouble();
          y[row][0] = x[row][0] + x[row][1];
        }
        classes = 0;
      }
      case "xor4" -> {
        x = new double[][] {{0, 1}, {0, 0}, {1, 0}, {1, 1}};
        y = new double[][] {{1}, {0}, {1}, {0}};
        classes = 0;
      }
      case "csv" -> {
        if (csv == null) {
          throw new IllegalArgumentException(
              "data: no CSV loaded yet; drop a CSV file on the page");
        }
        Dataset held =
            split(
                csv.trainInputs(),
                csv.trainTargets(),
                csv.classes(),
                csv.featureNames(),
                setup,
                random,
                0);
        return standardised(
            new Dataset(
                held.trainInputs(),
                held.trainTargets(),
                held.testInputs(),
                held.testTargets(),
                held.classes(),
                held.featureNames(),
                0,
                csv.labelNames(),
                null,
                null));
      }
      default -> {
        Points drawn = twoDimensional(data, points, noise, random);
        x = drawn.x;
        y = drawn.y;
        classes = drawn.classes;
      }
    }
    return split(x, y, classes, names, setup, random, traceRow);
  }

  private record Points(double[][] x, double[][] y, int classes) {}

  /** The 2-D classification sets, in [−1, 1]², with Gaussian noise of {@code noise} per axis. */
  private static Points twoDimensional(
      String data, int points, double noise, SplittableRandom random) {
    int classes = data.equals("blobs") ? 3 : 2;
    double[][] x = new double[points][2];
    double[][] y = new double[points][classes];
    for (int row = 0; row < points; row++) {
      int label = row % classes;
      double a;
      double b;
      switch (data) {
        case "circles" -> {
          double radius = label == 0 ? 0.5 * random.nextDouble() : 0.7 + 0.3 * random.nextDouble();
          double angle = 2 * Math.PI * random.nextDouble();
          a = radius * Math.cos(angle);
          b = radius * Math.sin(angle);
        }
        case "moons" -> {
          double angle = Math.PI * random.nextDouble();
          a = label == 0 ? Math.cos(angle) - 0.5 : 0.5 - Math.cos(angle);
          b = label == 0 ? Math.sin(angle) - 0.25 : 0.25 - Math.sin(angle);
          a *= 0.66;
          b *= 0.66;
        }
        case "spirals" -> {
          double t = random.nextDouble();
          double angle = 3 * Math.PI * t + label * Math.PI;
          a = 0.9 * t * Math.cos(angle);
          b = 0.9 * t * Math.sin(angle);
        }
        case "xor" -> {
          // A point in a quadrant, away from the axes; the class is the sign of a·b.
          a = (0.1 + 0.9 * random.nextDouble()) * (random.nextInt(2) == 0 ? -1 : 1);
          double sign = label == 0 ? 1 : -1;
          b = sign * Math.signum(a) * (0.1 + 0.9 * random.nextDouble());
        }
        case "blobs" -> {
          double angle = 2 * Math.PI * label / classes + 0.5;
          a = 0.55 * Math.cos(angle) + 0.15 * gaussian(random);
          b = 0.55 * Math.sin(angle) + 0.15 * gaussian(random);
        }
        default -> throw new IllegalArgumentException("data: unknown data set '" + data + "'");
      }
      x[row][0] = a + noise * gaussian(random);
      x[row][1] = b + noise * gaussian(random);
      y[row][label] = 1;
    }
    return new Points(x, y, classes);
  }

  /** A standard normal draw (Box–Muller), from uniform draws only. */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles the rows with the seed and holds out the setup's test fraction (none of one row). */
  private static Dataset split(
      double[][] x,
      double[][] y,
      int classes,
      String[] names,
      Setup setup,
      SplittableRandom random,
      int traceRow) {
    int rows = x.length;
    int test = (int) Math.floor(rows * setup.number("test"));
    String[] labels = Dataset.numbered(classes);
    if (test == 0) {
      return new Dataset(
          x, y, new double[0][], new double[0][], classes, names, traceRow, labels, null, null);
    }
    if (rows - test < 1) {
      throw new IllegalArgumentException(
          "test: holding out " + test + " of " + rows + " rows leaves none to train on");
    }
    int[] order = new int[rows];
    for (int row = 0; row < rows; row++) {
      order[row] = row;
    }
    for (int row = rows - 1; row > 0; row--) {
      int other = random.nextInt(row + 1);
      int kept = order[row];
      order[row] = order[other];
      order[other] = kept;
    }
    double[][] trainX = new double[rows - test][];
    double[][] trainY = new double[rows - test][];
    double[][] testX = new double[test][];
    double[][] testY = new double[test][];
    for (int at = 0; at < rows; at++) {
      if (at < rows - test) {
        trainX[at] = x[order[at]];
        trainY[at] = y[order[at]];
      } else {
        testX[at - rows + test] = x[order[at]];
        testY[at - rows + test] = y[order[at]];
      }
    }
    return new Dataset(trainX, trainY, testX, testY, classes, names, 0, labels, null, null);
  }

  /**
   * A CSV's features scaled to mean 0 and standard deviation 1 by the training rows' statistics
   * (the recipe's {@code standard} scaling), so columns of any unit train alike.
   */
  private static Dataset standardised(Dataset data) {
    double[][] train = data.trainInputs();
    int features = data.features();
    double[] mean = new double[features];
    double[] scale = new double[features];
    for (int feature = 0; feature < features; feature++) {
      double sum = 0;
      for (double[] row : train) {
        sum += row[feature];
      }
      mean[feature] = sum / train.length;
      double squares = 0;
      for (double[] row : train) {
        squares += (row[feature] - mean[feature]) * (row[feature] - mean[feature]);
      }
      double std = Math.sqrt(squares / train.length);
      scale[feature] = std > 0 ? std : 1;
    }
    return data.with(
        scaled(train, mean, scale),
        data.trainTargets(),
        scaled(data.testInputs(), mean, scale),
        data.testTargets(),
        mean,
        scale);
  }

  private static double[][] scaled(double[][] rows, double[] mean, double[] scale) {
    double[][] result = new double[rows.length][];
    for (int row = 0; row < rows.length; row++) {
      result[row] = new double[rows[row].length];
      for (int feature = 0; feature < rows[row].length; feature++) {
        result[row][feature] = (rows[row][feature] - mean[feature]) / scale[feature];
      }
    }
    return result;
  }
}
