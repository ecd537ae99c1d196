// Run: java -cp nabla-core/target/classes nabla-spark/MetricCost.java 256   (after mvn -o compile)
// A rough timing of what the per-epoch accuracy adds to each task of a sync step; not a benchmark.
import dev.nabla.metrics.ConfusionMatrix;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.SplittableRandom;

/** What the per-batch metric sums cost a task: the copy of the outputs and the confusion counts. */
public class MetricCost {
  public static void main(String[] args) {
    int rows = Integer.parseInt(args[0]);
    int classes = 10;
    SplittableRandom random = new SplittableRandom(1);
    Tensor outputs = Tensor.zeros(DType.FLOAT32, rows, classes);
    Tensor targets = Tensor.zeros(DType.FLOAT32, rows, classes);
    for (int row = 0; row < rows; row++) {
      for (int c = 0; c < classes; c++) {
        outputs.set(row, c, random.nextGaussian());
      }
      targets.set(row, random.nextInt(classes), 1);
    }
    long sink = 0;
    for (int round = 0; round < 3; round++) {
      int repeats = 20000;
      long started = System.nanoTime();
      for (int repeat = 0; repeat < repeats; repeat++) {
        Tensor copy = Tensor.zeros(DType.FLOAT32, rows, classes);
        outputs.copyRows(0, copy, 0, rows);
        ConfusionMatrix matrix = ConfusionMatrix.of(copy, targets, 0.5);
        long[] counts = new long[classes * classes];
        for (int a = 0; a < classes; a++) {
          for (int p = 0; p < classes; p++) {
            counts[a * classes + p] += matrix.count(a, p);
          }
        }
        sink += counts[0];
      }
      System.out.printf("%d rows × %d classes: %.1f µs a batch%n", rows, classes,
          (System.nanoTime() - started) / 1e3 / repeats);
    }
    System.out.println(sink > 0 ? "" : " ");
  }
}
