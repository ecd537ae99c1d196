package dev.nabla.cli;

import picocli.CommandLine;

/**
 * {@code --delimiter}: one character, or {@code \t} or {@code tab} for a tab, which a shell makes
 * awkward to type. Anything else is a usage error saying so, rather than Java's "String index out
 * of range".
 */
final class DelimiterConverter implements CommandLine.ITypeConverter<Character> {
  @Override
  public Character convert(String value) {
    if (value.equals("\\t") || value.equalsIgnoreCase("tab")) {
      return '\t';
    }
    if (value.length() != 1) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not one character; give one, e.g. ';', or \\t or tab for a tab");
    }
    return value.charAt(0);
  }
}
