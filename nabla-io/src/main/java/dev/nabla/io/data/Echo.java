package dev.nabla.io.data;

import java.util.List;
import java.util.Locale;

/**
 * Text from a data file, shown in a message: never whole, since a field or header of a malformed
 * file can be 100 MB, and with control characters as escapes rather than sent to a terminal.
 */
final class Echo {
  /** The most characters of one text shown. */
  private static final int CHARACTERS = 40;

  /** The most names of a list shown. */
  private static final int NAMES = 20;

  private Echo() {}

  /** At most the first 40 characters of {@code text}, then "…" if there are more. */
  static String cut(String text) {
    int shown = Math.min(text.length(), CHARACTERS);
    StringBuilder cut = new StringBuilder();
    for (int at = 0; at < shown; at++) {
      char c = text.charAt(at);
      if (Character.isISOControl(c)) {
        cut.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        cut.append(c);
      }
    }
    return shown < text.length() ? cut.append('…').toString() : cut.toString();
  }

  /** {@code text} {@linkplain #cut cut}, in double quotes. */
  static String quote(String text) {
    return '"' + cut(text) + '"';
  }

  /** {@code names} as a list, each {@linkplain #cut cut}, at most 20 of them and then a count. */
  static String list(List<String> names) {
    StringBuilder list = new StringBuilder("[");
    for (int at = 0; at < Math.min(names.size(), NAMES); at++) {
      list.append(at == 0 ? "" : ", ").append(cut(names.get(at)));
    }
    if (names.size() > NAMES) {
      list.append(", … ").append(names.size()).append(" in all");
    }
    return list.append(']').toString();
  }
}
