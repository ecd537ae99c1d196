package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The hand-over of a step's parts to the worker threads. */
class WorkerThreadsTest {
  private final WorkerThreads workers = WorkerThreads.shared();

  @Test
  void everyPartRunsOnceAndRunReturnsWhenAllAreDone() throws InterruptedException {
    for (int parts : new int[] {1, 2, 3, 9}) {
      AtomicIntegerArray runs = new AtomicIntegerArray(parts);
      for (int round = 0; round < 50; round++) {
        workers.run(parts, runs::incrementAndGet);
        if (round == 25) {
          // Long enough for the workers to stop spinning and wait on their monitors.
          Thread.sleep(5);
        }
      }
      int[] expected = new int[parts];
      java.util.Arrays.fill(expected, 50);
      int[] actual = new int[parts];
      for (int part = 0; part < parts; part++) {
        actual[part] = runs.get(part);
      }
      assertArrayEquals(expected, actual, parts + " parts");
    }
  }

  @Test
  void theLowestFailingPartsExceptionIsRethrownAfterEveryPartIsDone() {
    AtomicIntegerArray finished = new AtomicIntegerArray(3);
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                workers.run(
                    3,
                    part -> {
                      finished.incrementAndGet(part);
                      if (part >= 1) {
                        throw new IllegalStateException("part " + part);
                      }
                    }));
    assertEquals("part 1", thrown.getMessage());
    for (int part = 0; part < 3; part++) {
      assertEquals(1, finished.get(part), "part " + part);
    }
    // The workers are free again.
    AtomicIntegerArray runs = new AtomicIntegerArray(2);
    workers.run(2, runs::incrementAndGet);
    assertEquals(1, runs.get(1));
  }

  @Test
  void refusesNoParts() {
    assertThrows(IllegalArgumentException.class, () -> workers.run(0, part -> {}));
  }
}
