package dev.nabla.examples;

import java.util.List;

/** The built-in demos, by name. */
public final class Demos {
  /** The demo {@code nabla demo} runs when given no name. */
  public static final String DEFAULT = "circles";

  private static final List<Demo> ALL =
      List.of(
          new CirclesDemo(),
          new Seed000Regression(),
          new Seed001Product(),
          new Seed002Softmax(),
          new Seed003GenericLayers(),
          new Seed004AdditionAndXor());

  private Demos() {}

  public static List<Demo> all() {
    return ALL;
  }

  /**
   * The demo with that name.
   *
   * @throws IllegalArgumentException naming the unknown demo and listing the known ones
   */
  public static Demo named(String name) {
    for (Demo demo : ALL) {
      if (demo.name().equals(name)) {
        return demo;
      }
    }
    StringBuilder known = new StringBuilder();
    for (Demo demo : ALL) {
      known.append(known.length() == 0 ? "" : ", ").append(demo.name());
    }
    throw new IllegalArgumentException("unknown demo '" + name + "'; known demos: " + known);
  }
}
