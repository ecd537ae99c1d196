/**
 * Checkpoint files: everything a training run needs to continue exactly where it stopped — weights,
 * buffers, optimizer and schedule state, early-stopping state, histories and the epoch — in one
 * versioned, checksummed file written atomically, and the listener that writes them.
 */
package dev.nabla.io.checkpoint;
