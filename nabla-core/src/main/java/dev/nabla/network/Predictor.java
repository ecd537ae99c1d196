package dev.nabla.network;

import dev.nabla.layers.ActivationLayer;
import dev.nabla.layers.DenseActivation;
import dev.nabla.layers.Layer;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Execution;
import dev.nabla.tensor.MatrixBackend;
import dev.nabla.tensor.MatrixBackends;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.stream.BaseStream;
import java.util.stream.IntStream;

/**
 * A network's inference pass in row blocks, each block through {@link Layer#infer} (or {@link
 * DenseActivation#infer} for a fused pair). It keeps nothing between calls, each call allocating
 * its own buffers, so several threads may predict at once.
 */
final class Predictor {
  /**
   * Rows per block of {@link #predict} on the Java kernels, one block per thread at a time: a
   * block's activations stay in the cache.
   */
  static final int PREDICT_BLOCK = 256;

  /**
   * When the matrix backend threads each product itself (OpenBLAS), a batch whose widest hidden
   * activation has up to this many elements is one block, read and written in place with no copy,
   * and larger products run closer to the library's peak: up to 16,384 rows for the MLP's 256
   * units. Measured on 10,000 images, alternating in one process: one block 30.7–33.6 ms, blocks of
   * 1,024 rows 31.2–31.3 ms, of 4,096 rows 34.1–34.5 ms, of 256 rows 32.3–36.2 ms. The bound keeps
   * a wide network's activations to tens of megabytes.
   */
  static final int NATIVE_PREDICT_ELEMENTS = 1 << 22;

  /** Rows per block, beyond one block, with such a backend. */
  static final int NATIVE_PREDICT_BLOCK = 1024;

  private final List<Layer> layers;
  private final DType dtype;

  /** {@code widths[i]} is layer i's input width; {@code widths[layers]} is the output width. */
  private final int[] widths;

  /** {@code fused[i]}: layers i and i+1 run as one {@link DenseActivation} step. */
  private final boolean[] fused;

  /** The widest output of a layer before the last (at least 1), which bounds predict's blocks. */
  private final int widestHidden;

  Predictor(List<Layer> layers, int[] widths, boolean[] fused, DType dtype) {
    this.layers = layers;
    this.widths = widths;
    this.fused = fused;
    this.dtype = dtype;
    int widest = 1;
    for (int index = 1; index < layers.size(); index++) {
      widest = Math.max(widest, widths[index]);
    }
    this.widestHidden = widest;
  }

  /**
   * The outputs of a batch already checked, in inference mode, as a new tensor; the input is left
   * alone. See {@link Network#predict} for the blocks and threads.
   */
  Tensor predict(Tensor input) {
    int rows = input.rows();
    Tensor outputs = Tensor.zeros(dtype, rows, widths[layers.size()]);
    MatrixBackend backend = MatrixBackends.current();
    boolean backendThreads = backend.usesAllCores();
    int blockRows;
    if (backendThreads) {
      blockRows = nativeBlockRows(rows);
    } else if (backend.prefersLargeProducts()) {
      // A native library on one thread: one block per thread when it fits.
      int perThread = (rows + MatrixBackends.threads() - 1) / MatrixBackends.threads();
      blockRows = Math.min(nativeBlockRows(perThread), Math.max(perThread, 1));
    } else {
      blockRows = PREDICT_BLOCK;
    }
    int blocks = (rows + blockRows - 1) / blockRows;
    int threads = backendThreads ? 1 : Math.min(blocks, MatrixBackends.threads());
    if (threads <= 1) {
      predictBlocks(input, outputs, blockRows, 0, blocks);
      return outputs;
    }
    // Contiguous runs of blocks per thread, so each thread reuses its own buffers; each runs with
    // the caller's execution, which a pool thread does not inherit.
    Execution execution = MatrixBackends.scoped();
    // parallel() through BaseStream: the browser build's class library (TeaVM) declares it only
    // there; this path never runs there (one thread), but it must compile.
    BaseStream<Integer, IntStream> parts = IntStream.range(0, threads);
    parts
        .parallel()
        .forEach(
            thread -> {
              Execution previous = MatrixBackends.enter(execution);
              try {
                predictBlocks(
                    input,
                    outputs,
                    blockRows,
                    (int) ((long) blocks * thread / threads),
                    (int) ((long) blocks * (thread + 1) / threads));
              } finally {
                MatrixBackends.exit(previous);
              }
            });
    return outputs;
  }

  /** The rows of one block of {@code rows} with a backend that threads its own products. */
  private int nativeBlockRows(int rows) {
    int whole = Math.max(NATIVE_PREDICT_ELEMENTS / widestHidden, 1);
    return rows <= whole ? Math.max(rows, 1) : Math.min(whole, NATIVE_PREDICT_BLOCK);
  }

  private void predictBlocks(
      Tensor input, Tensor outputs, int blockRows, int firstBlock, int endBlock) {
    Tensor[] buffers = null;
    for (int block = firstBlock; block < endBlock; block++) {
      int from = block * blockRows;
      int to = Math.min(from + blockRows, input.rows());
      // With no layers the output is a copy of the input, so it cannot be read in place.
      boolean whole = from == 0 && to == input.rows() && !layers.isEmpty();
      if (buffers == null || buffers[0].rows() != to - from) {
        buffers = new Tensor[layers.size() + 1];
        for (int index = 1; index < layers.size(); index++) {
          // An element-wise activation between two hidden layers overwrites its input: inference
          // needs no pre-activation, and this saves a buffer and a pass over memory.
          buffers[index] =
              index > 1
                      && layers.get(index - 1) instanceof ActivationLayer activation
                      && activation.isElementwise()
                  ? buffers[index - 1]
                  : Tensor.zeros(dtype, to - from, widths[index]);
        }
        // The whole batch is read and written where it is; a block is copied in and out.
        buffers[0] = whole ? input : Tensor.zeros(dtype, to - from, widths[0]);
        buffers[layers.size()] =
            whole ? outputs : Tensor.zeros(dtype, to - from, widths[layers.size()]);
      }
      if (!whole) {
        input.copyRows(from, buffers[0], 0, to - from);
      }
      for (int index = 0; index < layers.size(); index++) {
        if (fused[index]) {
          DenseActivation.infer(
              layers.get(index), layers.get(index + 1), buffers[index], buffers[index + 2]);
          index++;
        } else {
          layers.get(index).infer(buffers[index], buffers[index + 1]);
        }
      }
      if (!whole) {
        buffers[layers.size()].copyRows(0, outputs, from, to - from);
      }
    }
  }
}
