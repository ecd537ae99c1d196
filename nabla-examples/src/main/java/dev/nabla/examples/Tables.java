package dev.nabla.examples;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Text tables of inputs, predictions and targets. */
final class Tables {
  private Tables() {}

  /** One line per sample: {@code input → prediction (target)}. */
  static List<String> predictions(Tensor inputs, Tensor predictions, Tensor targets) {
    List<String> lines = new ArrayList<>();
    for (int row = 0; row < inputs.rows(); row++) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%s → %s   target %s",
              row(inputs, row),
              row(predictions, row),
              row(targets, row)));
    }
    return lines;
  }

  static String row(Tensor tensor, int row) {
    StringBuilder text = new StringBuilder("[");
    for (int column = 0; column < tensor.columns(); column++) {
      text.append(column == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%7.4f", tensor.get(row, column)));
    }
    return text.append(']').toString();
  }
}
