/**
 * The seed notebooks' experiments done correctly, and a default demo: small, complete programs that
 * show Nabla learning, each returning a {@link dev.nabla.examples.DemoReport} for a caller to
 * print.
 */
package dev.nabla.examples;
