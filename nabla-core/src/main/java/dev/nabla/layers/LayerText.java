package dev.nabla.layers;

import dev.nabla.activations.Activation;
import dev.nabla.activations.Activations;
import dev.nabla.activations.Identity;
import dev.nabla.config.Config;
import dev.nabla.config.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Layers written as text, as {@code --layers} takes them: comma-separated tokens, each {@code
 * UNITS} (a linear dense layer), {@code UNITS:ACTIVATION} (a dense layer and its activation, e.g.
 * {@code 128:relu}, {@code 64:leaky_relu(-0.2)}), {@code dropout:RATE}, {@code batchnorm}, or any
 * registered layer type with its settings, {@code TYPE(NAME=VALUE, …)} (e.g. {@code
 * batchNorm(momentum=0.01)}, {@code dense(units=8, bias=false)}), so a new layer type needs nothing
 * here. An empty text is no layer.
 */
public final class LayerText {
  /** Text that cannot be read, with the position of the fault marked under it. */
  public static final class LayerTextException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    LayerTextException(String what, String text, int position, String problem) {
      super(
          "cannot read "
              + what
              + " at character "
              + (position + 1)
              + ": "
              + problem
              + "\n  "
              + text
              + "\n  "
              + " ".repeat(position)
              + "^");
    }
  }

  private record Token(String text, int start) {}

  private LayerText() {}

  /**
   * The layers the text describes.
   *
   * @throws LayerTextException pointing at the character at fault
   */
  public static List<LayerSpec> parse(String text) {
    return parse(text, "the layers");
  }

  /**
   * As {@link #parse(String)}, naming the text in errors as {@code what}, e.g. {@code --layers}.
   */
  public static List<LayerSpec> parse(String text, String what) {
    List<LayerSpec> specs = new ArrayList<>();
    for (Token token : tokens(what, text)) {
      String word = token.text();
      int colon = word.indexOf(':');
      int paren = word.indexOf('(');
      if (paren > 0 && (colon < 0 || colon > paren)) {
        specs.add(typed(what, text, token, word.substring(0, paren).strip(), paren));
        continue;
      }
      String head = colon < 0 ? word : word.substring(0, colon);
      String tail = colon < 0 ? null : word.substring(colon + 1);
      if (head.equalsIgnoreCase("batchnorm")) {
        if (tail != null) {
          throw new LayerTextException(
              what, text, token.start() + colon, "batchnorm takes no argument");
        }
        specs.add(LayerSpec.of(BatchNorm.TYPE.name()));
      } else if (head.equalsIgnoreCase("dropout")) {
        if (tail == null) {
          throw new LayerTextException(
              what, text, token.start() + word.length(), "dropout needs a rate, e.g. dropout:0.2");
        }
        try {
          LayerSpec spec = LayerSpec.of(Dropout.TYPE.name(), "rate", Double.parseDouble(tail));
          Dropout.TYPE.outputSize(spec.config(), 1);
          specs.add(spec);
        } catch (IllegalArgumentException e) {
          throw new LayerTextException(what, text, token.start() + colon + 1, e.getMessage());
        }
      } else {
        int units;
        try {
          units = Integer.parseInt(head);
        } catch (NumberFormatException e) {
          throw new LayerTextException(
              what,
              text,
              token.start(),
              "'"
                  + head
                  + "' is not a number of units, dropout:RATE, batchnorm or TYPE(SETTING=VALUE, …)");
        }
        if (units < 1) {
          throw new LayerTextException(
              what, text, token.start(), "a layer needs at least 1 unit, got " + units);
        }
        specs.add(LayerSpec.of(Dense.TYPE.name(), "units", units));
        if (tail != null) {
          Activation activation;
          try {
            activation = Activations.parse(tail);
          } catch (IllegalArgumentException e) {
            throw new LayerTextException(what, text, token.start() + colon + 1, e.getMessage());
          }
          // A linear layer is a dense layer alone, as Network.builder().dense(units, identity).
          if (!(activation instanceof Identity)) {
            specs.add(LayerSpec.of(ActivationLayer.TYPE.name(), "activation", activation.spec()));
          }
        }
      }
    }
    return specs;
  }

  private static final Pattern WHOLE = Pattern.compile("[-+]?\\d+");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  /**
   * A registered type with its settings, {@code TYPE(NAME=VALUE, …)}: whole numbers, decimal
   * numbers, {@code true} and {@code false}, and text (such as {@code activation=tanh}).
   */
  private static LayerSpec typed(String what, String text, Token token, String name, int paren) {
    String word = token.text();
    if (!word.endsWith(")")) {
      throw new LayerTextException(
          what, text, token.start() + word.length() - 1, "expected ')' to close the settings");
    }
    String type = registered(name);
    if (type == null) {
      throw new LayerTextException(
          what,
          text,
          token.start(),
          "unknown layer type '"
              + name
              + "'"
              + Suggestions.didYouMean(name, LayerTypes.names())
              + "; the layer types are "
              + String.join(", ", LayerTypes.names()));
    }
    String settings = word.substring(paren + 1, word.length() - 1);
    Map<String, Object> values = new LinkedHashMap<>();
    int offset = token.start() + paren + 1;
    for (Token part : split(settings, offset)) {
      String pair = part.text();
      if (pair.isEmpty() && settings.isBlank()) {
        continue;
      }
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new LayerTextException(
            what, text, part.start(), "expected NAME=VALUE, got '" + pair + "'");
      }
      String setting = pair.substring(0, equals).strip();
      String value = pair.substring(equals + 1).strip();
      if (values.containsKey(setting)) {
        throw new LayerTextException(what, text, part.start(), "'" + setting + "' is given twice");
      }
      values.put(
          setting,
          value.equals("true") || value.equals("false")
              ? (Object) Boolean.valueOf(value)
              : WHOLE.matcher(value).matches()
                  ? (Object) Long.valueOf(value)
                  : NUMBER.matcher(value).matches() ? (Object) Double.valueOf(value) : value);
    }
    LayerSpec spec = new LayerSpec(type, Config.of(values));
    try {
      // Every setting read, so that a bad one is reported here, where the text can point at it.
      LayerTypes.get(type).tensors(spec.config(), 1, dev.nabla.tensor.DType.FLOAT64);
    } catch (IllegalArgumentException e) {
      throw new LayerTextException(what, text, token.start(), type + ": " + e.getMessage());
    }
    return spec;
  }

  /** The registered type of that name, ignoring case ({@code batchnorm} is batchNorm), or null. */
  private static String registered(String name) {
    for (String type : LayerTypes.names()) {
      if (type.equalsIgnoreCase(name)) {
        return type;
      }
    }
    return null;
  }

  /**
   * Comma-separated parts outside parentheses, stripped, with their positions from {@code offset};
   * a blank part is kept, as an empty token at the comma that ends it.
   */
  private static List<Token> split(String text, int offset) {
    List<Token> parts = new ArrayList<>();
    int start = 0;
    int depth = 0;
    for (int at = 0; at <= text.length(); at++) {
      char c = at < text.length() ? text.charAt(at) : ',';
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth < 0) {
        throw new Unbalanced(offset + at, "')' without a '(' before it");
      }
      if (at == text.length() && depth > 0) {
        throw new Unbalanced(offset + text.lastIndexOf('('), "'(' is never closed");
      }
      if (c == ',' && depth == 0) {
        String raw = text.substring(start, at);
        int position = raw.isBlank() ? at : start + raw.length() - raw.stripLeading().length();
        parts.add(new Token(raw.strip(), offset + position));
        start = at + 1;
      }
    }
    return parts;
  }

  /** Parentheses that do not pair up, found while splitting, at a position in the whole text. */
  private static final class Unbalanced extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int position;

    Unbalanced(int position, String problem) {
      super(problem, null, false, false);
      this.position = position;
    }
  }

  private static List<Token> tokens(String what, String text) {
    if (text.isBlank()) {
      return List.of();
    }
    List<Token> tokens;
    try {
      tokens = split(text, 0);
    } catch (Unbalanced unbalanced) {
      throw new LayerTextException(what, text, unbalanced.position, unbalanced.getMessage());
    }
    for (Token token : tokens) {
      if (token.text().isEmpty()) {
        throw new LayerTextException(
            what, text, Math.min(token.start(), text.length() - 1), "empty layer between commas");
      }
    }
    return tokens;
  }
}
