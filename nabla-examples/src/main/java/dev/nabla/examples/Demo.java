package dev.nabla.examples;

import dev.nabla.training.TrainingListener;

/** A runnable example: trains a network on a built-in problem and reports what it learned. */
public interface Demo {
  /** The name {@code nabla demo NAME} takes. */
  String name();

  /** One line: what the demo shows. */
  String description();

  /** Runs the demo; the same demo always gives the same report. */
  default DemoReport run() {
    return run(TrainingListener.NONE);
  }

  /** Runs the demo, telling {@code listener} how its main training run goes. */
  DemoReport run(TrainingListener listener);
}
