package dev.nabla.playground;

/** A JSON text written by hand: the engine's answers to the page (core has no JSON library). */
final class Json {
  private final StringBuilder text = new StringBuilder();
  private boolean needsComma;

  Json open() {
    comma();
    text.append('{');
    needsComma = false;
    return this;
  }

  Json close() {
    text.append('}');
    needsComma = true;
    return this;
  }

  Json openArray() {
    comma();
    text.append('[');
    needsComma = false;
    return this;
  }

  Json closeArray() {
    text.append(']');
    needsComma = true;
    return this;
  }

  /** A key; the value follows. */
  Json key(String key) {
    comma();
    string(key);
    text.append(':');
    needsComma = false;
    return this;
  }

  /** A value already written as JSON. */
  Json raw(String json) {
    comma();
    text.append(json);
    needsComma = true;
    return this;
  }

  Json value(String value) {
    comma();
    if (value == null) {
      text.append("null");
    } else {
      string(value);
    }
    needsComma = true;
    return this;
  }

  /** A number; NaN and infinities, which JSON lacks, as null. */
  Json value(double value) {
    comma();
    if (Double.isFinite(value)) {
      text.append(value);
    } else {
      text.append("null");
    }
    needsComma = true;
    return this;
  }

  Json value(long value) {
    comma();
    text.append(value);
    needsComma = true;
    return this;
  }

  Json value(boolean value) {
    comma();
    text.append(value);
    needsComma = true;
    return this;
  }

  Json values(double[] values) {
    openArray();
    for (double value : values) {
      value(value);
    }
    return closeArray();
  }

  Json values(double[][] rows) {
    openArray();
    for (double[] row : rows) {
      values(row);
    }
    return closeArray();
  }

  Json values(String[] values) {
    openArray();
    for (String value : values) {
      value(value);
    }
    return closeArray();
  }

  private void comma() {
    if (needsComma) {
      text.append(',');
      needsComma = false;
    }
  }

  private void string(String value) {
    text.append('"');
    for (int at = 0; at < value.length(); at++) {
      char c = value.charAt(at);
      switch (c) {
        case '"' -> text.append("\\\"");
        case '\\' -> text.append("\\\\");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\t' -> text.append("\\t");
        default -> {
          if (c < 0x20) {
            String hex = Integer.toHexString(c);
            text.append("\\u").append("0000".substring(hex.length())).append(hex);
          } else {
            text.append(c);
          }
        }
      }
    }
    text.append('"');
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
