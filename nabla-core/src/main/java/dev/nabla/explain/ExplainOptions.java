package dev.nabla.explain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which element each layer works out, and what else to show.
 *
 * <p>Every layer works element {@code (unit, input)}: unit {@code i} of its output and input {@code
 * j}, so {@code W⁽ˡ⁾ᵢⱼ}, {@code z⁽ˡ⁾ᵢ}, {@code ∂L/∂a⁽ˡ⁻¹⁾ⱼ}; where a layer has fewer units or
 * inputs, its last one. {@code byLayer} chooses for one notation layer {@code l}; such a choice
 * must fit the layer.
 *
 * @param unit the unit {@code i} worked in every layer, from 0
 * @param input the input {@code j} worked in every layer, from 0
 * @param byLayer choices for single layers, by the notation's {@code l}: {@code {i, j}}
 * @param biasColumn whether dense layers also show their weight gradient as the seed notebooks lay
 *     it out, the bias as column 0: {@code ∂L/∂[b | W]}
 */
public record ExplainOptions(int unit, int input, Map<Integer, int[]> byLayer, boolean biasColumn) {
  /**
   * @throws IllegalArgumentException if an index is negative
   */
  public ExplainOptions {
    if (unit < 0 || input < 0) {
      throw new IllegalArgumentException(
          "the worked element's indices count from 0, got (" + unit + ", " + input + ")");
    }
    Map<Integer, int[]> copy = new LinkedHashMap<>();
    byLayer.forEach(
        (l, element) -> {
          if (element.length != 2 || element[0] < 0 || element[1] < 0) {
            throw new IllegalArgumentException(
                "layer " + l + ": the worked element is two indices from 0, unit and input");
          }
          copy.put(l, element.clone());
        });
    byLayer = Collections.unmodifiableMap(copy);
  }

  /** Element (0, 0) of every layer, no bias column. */
  public static ExplainOptions defaults() {
    return new ExplainOptions(0, 0, Map.of(), false);
  }

  /** These options with the seed notebooks' bias-as-column-0 layout shown too, or not. */
  public ExplainOptions withBiasColumn(boolean show) {
    return new ExplainOptions(unit, input, byLayer, show);
  }

  /**
   * Reads {@code --element}: {@code I,J} for every layer, and {@code L:I,J} for layer {@code L}
   * alone, separated by {@code ;}, e.g. {@code 0,1;2:1,0}.
   *
   * @throws IllegalArgumentException naming the part that cannot be read
   */
  public static ExplainOptions parse(String text) {
    int unit = 0;
    int input = 0;
    Map<Integer, int[]> byLayer = new LinkedHashMap<>();
    for (String part : text.split(";")) {
      String trimmed = part.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int colon = trimmed.indexOf(':');
      int[] element = pair(trimmed.substring(colon + 1), trimmed);
      if (colon < 0) {
        unit = element[0];
        input = element[1];
      } else {
        int l;
        try {
          l = Integer.parseInt(trimmed.substring(0, colon).strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "--element '" + trimmed + "': expected L:I,J with a layer number L from 1");
        }
        if (l < 1) {
          throw new IllegalArgumentException(
              "--element '" + trimmed + "': layers count from 1, as in W⁽¹⁾");
        }
        byLayer.put(l, element);
      }
    }
    return new ExplainOptions(unit, input, byLayer, false);
  }

  private static int[] pair(String text, String part) {
    String[] numbers = text.split(",");
    try {
      if (numbers.length == 1) {
        return new int[] {Integer.parseInt(numbers[0].strip()), 0};
      }
      if (numbers.length == 2) {
        int[] element = {
          Integer.parseInt(numbers[0].strip()), Integer.parseInt(numbers[1].strip())
        };
        if (element[0] >= 0 && element[1] >= 0) {
          return element;
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--element '"
            + part
            + "': expected I,J (unit and input, from 0), or L:I,J for layer L alone");
  }

  /**
   * The element layer {@code l} works, {@code {unit, input}}, for {@code units} outputs and {@code
   * inputs} inputs.
   *
   * @throws IllegalArgumentException if a choice made for this layer does not fit it
   */
  public int[] element(int l, int units, int inputs) {
    int[] chosen = byLayer.get(l);
    if (chosen != null) {
      if (chosen[0] >= units || chosen[1] >= inputs) {
        throw new IllegalArgumentException(
            "--element "
                + l
                + ":"
                + chosen[0]
                + ","
                + chosen[1]
                + " is outside layer "
                + l
                + ", which has "
                + units
                + " units (0.."
                + (units - 1)
                + ") and "
                + inputs
                + " inputs (0.."
                + (inputs - 1)
                + ")");
      }
      return chosen.clone();
    }
    return new int[] {Math.min(unit, units - 1), Math.min(input, Math.max(inputs - 1, 0))};
  }
}
