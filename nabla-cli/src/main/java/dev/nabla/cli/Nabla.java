package dev.nabla.cli;

public final class Nabla {
  private Nabla() {}
}
