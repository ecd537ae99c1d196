package dev.nabla.layers;

import dev.nabla.activations.Activation;
import dev.nabla.activations.Activations;
import dev.nabla.activations.Identity;
import java.util.ArrayList;
import java.util.List;

/**
 * Layers written as text, as {@code --layers} takes them: comma-separated tokens, each {@code
 * UNITS} (a linear dense layer), {@code UNITS:ACTIVATION} (a dense layer and its activation, e.g.
 * {@code 128:relu}, {@code 64:leaky_relu(-0.2)}), {@code dropout:RATE} or {@code batchnorm}. An
 * empty text is no layer.
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
              "'" + head + "' is not a number of units, dropout:RATE or batchnorm");
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

  private static List<Token> tokens(String what, String text) {
    List<Token> tokens = new ArrayList<>();
    if (text.isBlank()) {
      return tokens;
    }
    int start = 0;
    int depth = 0;
    for (int at = 0; at <= text.length(); at++) {
      char c = at < text.length() ? text.charAt(at) : ',';
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        String raw = text.substring(start, at);
        int lead = raw.length() - raw.stripLeading().length();
        if (raw.isBlank()) {
          throw new LayerTextException(
              what, text, Math.min(at, text.length() - 1), "empty layer between commas");
        }
        tokens.add(new Token(raw.strip(), start + lead));
        start = at + 1;
      }
    }
    return tokens;
  }
}
