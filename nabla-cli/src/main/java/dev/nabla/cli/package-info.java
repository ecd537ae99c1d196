/**
 * The {@code nabla} command: picocli commands that render what the library reports. The library
 * never prints; everything a person reads is written here.
 */
package dev.nabla.cli;
