/** Writing files so that a crash never leaves a half-written one or destroys the previous one. */
package dev.nabla.io.files;
