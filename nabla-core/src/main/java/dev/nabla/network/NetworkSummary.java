package dev.nabla.network;

import dev.nabla.layers.Layer;
import dev.nabla.layers.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@link Network#summary}'s table: one row per layer, columns padded to their widest cell. */
final class NetworkSummary {
  private NetworkSummary() {}

  /** The table of {@code network}'s layers, output widths and parameter counts, and the total. */
  static String of(Network network) {
    int inputSize = network.inputSize();
    List<Layer> layers = network.layers();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"#", "layer", "output", "parameters"});
    int width = inputSize;
    for (int index = 0; index < layers.size(); index++) {
      Layer layer = layers.get(index);
      width = layer.outputSize(width);
      long count = 0;
      for (Parameter parameter : layer.parameters().values()) {
        count += parameter.value().size();
      }
      rows.add(
          new String[] {
            Integer.toString(index), layer.toString(), Integer.toString(width), Long.toString(count)
          });
    }
    int[] widths = new int[4];
    for (String[] row : rows) {
      for (int column = 0; column < 4; column++) {
        widths[column] = Math.max(widths[column], row[column].length());
      }
    }
    StringBuilder text =
        new StringBuilder("input: " + inputSize + (inputSize == 1 ? " feature\n" : " features\n"));
    for (String[] row : rows) {
      for (int column = 0; column < 4; column++) {
        String cell = row[column];
        text.append(cell);
        if (column < 3) {
          text.append(" ".repeat(widths[column] - cell.length() + 2));
        }
      }
      text.append('\n');
    }
    return text.append(
            String.format(
                Locale.ROOT,
                "total: %d parameters (%s)%n",
                network.parameterCount(),
                network.dtype()))
        .toString();
  }
}
