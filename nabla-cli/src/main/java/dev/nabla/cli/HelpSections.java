package dev.nabla.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's options in headed sections of its help — data, the recipe, the run — instead of one
 * long list. Each section starts at a named option and runs to the next section's; the options keep
 * the order they are declared in.
 */
final class HelpSections {
  private HelpSections() {}

  /**
   * Puts {@code headings} (by the option each section starts at, e.g. {@code "--data"} → "Data:")
   * into {@code command}'s help.
   */
  static void apply(CommandLine command, Map<String, String> headings) {
    command
        .getHelpSectionMap()
        .put(
            CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
            help -> render(help, headings));
  }

  private static String render(Help help, Map<String, String> headings) {
    Map<String, List<OptionSpec>> sections = new LinkedHashMap<>();
    String heading = "Options:";
    for (OptionSpec option : help.commandSpec().options()) {
      if (option.hidden()) {
        continue;
      }
      heading = headings.getOrDefault(option.longestName(), heading);
      sections.computeIfAbsent(heading, unused -> new ArrayList<>()).add(option);
    }
    StringBuilder text = new StringBuilder();
    sections.forEach(
        (title, options) -> {
          Help.Layout layout = help.createDefaultLayout();
          for (OptionSpec option : options) {
            layout.addOption(option, help.createDefaultParamLabelRenderer());
          }
          text.append(text.length() == 0 ? "" : "\n").append(title).append('\n').append(layout);
        });
    return text.toString();
  }
}
