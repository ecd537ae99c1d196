/**
 * Checkpoints: everything a training run needs to continue exactly where it stopped — weights,
 * buffers, optimizer and schedule state, early-stopping state, histories and the epoch — in one
 * versioned, checksummed file written atomically.
 */
package dev.nabla.checkpoint;
