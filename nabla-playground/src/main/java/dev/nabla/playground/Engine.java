package dev.nabla.playground;

import org.teavm.jso.JSExport;

/** Proof of the WebAssembly build: one training step of a tiny network. */
public final class Engine {
  private Engine() {}

  /** The entry point TeaVM asks for; the page calls the exported methods instead. */
  public static void main(String[] args) {}

  /** Trains XOR for {@code epochs} epochs and returns the float bits of the final loss. */
  @JSExport
  public static String probe(int epochs) {
    return Probe.run(epochs);
  }
}
