package dev.nabla.examples;

import dev.nabla.network.Network;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.TrainingResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a demo learned, as a list of sections for a person to read: the network, how training went,
 * predictions against targets, and notes.
 *
 * @param title the demo's title
 * @param sections each a heading and its lines
 * @param metrics the measured outcomes by name ({@code test accuracy}, {@code steps}, …), in the
 *     order they were measured
 * @param trained what the main training run produced, for a caller to save; null if not kept
 * @param saved networks the demo shows, for a caller to write as model files (the notebook's own
 *     network, before any training, so that {@code nabla explain} can redo its numbers)
 */
public record DemoReport(
    String title,
    List<Section> sections,
    Map<String, Double> metrics,
    Trained trained,
    List<Saved> saved) {
  /**
   * A network to write as a model file named {@code <name>.nabla}.
   *
   * @param name the file's name without extension, e.g. {@code seed000-notebook}
   * @param network the network
   * @param loss the loss's name, as {@code Losses.parse} reads it
   * @param featureNames the inputs' names
   * @param labelNames the classes, in output order; empty for regression
   * @param description one line: what the network is
   */
  public record Saved(
      String name,
      Network network,
      String loss,
      List<String> featureNames,
      List<String> labelNames,
      String description) {
    public Saved {
      featureNames = List.copyOf(featureNames);
      labelNames = List.copyOf(labelNames);
    }
  }

  /**
   * A trained network, the data it learned from and the data held out to test it.
   *
   * @param loss the loss's name, as {@code Losses.parse} reads it
   * @param result the run; its metric history has the held-out {@code test loss} and {@code test
   *     accuracy} per epoch if the demo measured them
   * @param recipe the recipe of the run, or null if the demo trains without one
   * @param testInputs the held-out points, or null if the demo holds none out
   * @param testTargets their targets, or null
   */
  public record Trained(
      Network network,
      Tensor inputs,
      Tensor targets,
      List<String> featureNames,
      List<String> labelNames,
      String loss,
      TrainingResult result,
      Recipe recipe,
      Tensor testInputs,
      Tensor testTargets) {}

  public DemoReport {
    sections = List.copyOf(sections);
    saved = List.copyOf(saved);
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /**
   * The metric with that name.
   *
   * @throws IllegalArgumentException if the demo measured no such thing
   */
  public double metric(String name) {
    Double value = metrics.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "no metric '" + name + "' in " + title + "; it has " + metrics.keySet());
    }
    return value;
  }

  /** A heading and its lines. */
  public record Section(String heading, List<String> lines) {
    public Section {
      lines = List.copyOf(lines);
    }
  }

  /** The report as text. */
  public String render() {
    StringBuilder text = new StringBuilder(title).append('\n');
    text.append("=".repeat(title.length())).append('\n');
    for (Section section : sections) {
      text.append('\n').append(section.heading()).append('\n');
      for (String line : section.lines()) {
        text.append("  ").append(line).append('\n');
      }
    }
    return text.toString();
  }

  /** Builds a report section by section. */
  static final class Builder {
    private final String title;
    private final List<Section> sections = new ArrayList<>();
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private Trained trained;
    private final List<Saved> saved = new ArrayList<>();

    Builder(String title) {
      this.title = title;
    }

    Builder section(String heading, List<String> lines) {
      sections.add(new Section(heading, lines));
      return this;
    }

    Builder section(String heading, String text) {
      return section(heading, List.of(text.split("\n")));
    }

    Builder metric(String name, double value) {
      metrics.put(name, value);
      return this;
    }

    Builder trained(Trained trained) {
      this.trained = trained;
      return this;
    }

    Builder save(Saved network) {
      saved.add(network);
      return this;
    }

    DemoReport build() {
      return new DemoReport(title, sections, metrics, trained, saved);
    }
  }

  /** {@code 0.1234} style: six significant digits, never locale-dependent. */
  static String number(double value) {
    return String.format(Locale.ROOT, "%.6g", value);
  }
}
