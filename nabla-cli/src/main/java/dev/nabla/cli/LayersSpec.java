package dev.nabla.cli;

import dev.nabla.activations.Activations;
import dev.nabla.network.NetworkBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The hidden layers of a network as text: comma-separated tokens, each {@code UNITS} (a linear
 * dense layer), {@code UNITS:ACTIVATION} (e.g. {@code 128:relu}, {@code 64:leaky_relu(-0.2)}),
 * {@code dropout:RATE} or {@code batchnorm}. The input width comes from the data and the output
 * layer from the task, so neither is written. An empty spec means no hidden layer.
 */
final class LayersSpec {
  /** A spec that cannot be read, with the position of the fault. */
  static final class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    SpecException(String spec, int position, String problem) {
      super(
          "cannot read --layers at character "
              + (position + 1)
              + ": "
              + problem
              + "\n  "
              + spec
              + "\n  "
              + " ".repeat(position)
              + "^");
    }
  }

  private record Token(String text, int start) {}

  private LayersSpec() {}

  /** Adds the spec's layers to {@code builder}. */
  static void addTo(NetworkBuilder builder, String spec) {
    for (Token token : tokens(spec)) {
      String text = token.text();
      int colon = text.indexOf(':');
      String head = colon < 0 ? text : text.substring(0, colon);
      String tail = colon < 0 ? null : text.substring(colon + 1);
      if (head.equalsIgnoreCase("batchnorm")) {
        if (tail != null) {
          throw new SpecException(spec, token.start() + colon, "batchnorm takes no argument");
        }
        builder.batchNorm();
      } else if (head.equalsIgnoreCase("dropout")) {
        if (tail == null) {
          throw new SpecException(
              spec, token.start() + text.length(), "dropout needs a rate, e.g. dropout:0.2");
        }
        try {
          builder.dropout(Double.parseDouble(tail));
        } catch (IllegalArgumentException e) {
          throw new SpecException(spec, token.start() + colon + 1, e.getMessage());
        }
      } else {
        int units;
        try {
          units = Integer.parseInt(head);
        } catch (NumberFormatException e) {
          throw new SpecException(
              spec,
              token.start(),
              "'" + head + "' is not a number of units, dropout:RATE or batchnorm");
        }
        if (units < 1) {
          throw new SpecException(
              spec, token.start(), "a layer needs at least 1 unit, got " + units);
        }
        if (tail == null) {
          builder.dense(units);
        } else {
          try {
            builder.dense(units, Activations.parse(tail));
          } catch (IllegalArgumentException e) {
            throw new SpecException(spec, token.start() + colon + 1, e.getMessage());
          }
        }
      }
    }
  }

  private static List<Token> tokens(String spec) {
    List<Token> tokens = new ArrayList<>();
    if (spec.isBlank()) {
      return tokens;
    }
    int start = 0;
    int depth = 0;
    for (int at = 0; at <= spec.length(); at++) {
      char c = at < spec.length() ? spec.charAt(at) : ',';
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        String raw = spec.substring(start, at);
        int lead = raw.length() - raw.stripLeading().length();
        if (raw.isBlank()) {
          throw new SpecException(
              spec, Math.min(at, spec.length() - 1), "empty layer between commas");
        }
        tokens.add(new Token(raw.strip(), start + lead));
        start = at + 1;
      }
    }
    return tokens;
  }
}
