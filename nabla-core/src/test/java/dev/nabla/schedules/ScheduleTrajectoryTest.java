package dev.nabla.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every schedule gives PyTorch's learning rate at each of 25 epochs, to 1e-15; the values come from
 * {@code golden/make_schedule_trajectories.py} (PyTorch 1.13).
 */
class ScheduleTrajectoryTest {
  private static final JsonNode GOLDEN = read();
  private static final Map<String, Supplier<LearningRateSchedule>> SCHEDULES =
      Map.of(
          "step_3_0.5", () -> Schedules.step(3, 0.5),
          "exponential_0.9", () -> Schedules.exponential(0.9),
          "cosine_10_0.001", () -> Schedules.cosine(10, 0.001),
          "warmup_3_then_step_2_0.5", () -> Schedules.warmup(3, Schedules.step(2, 0.5)),
          "plateau_min",
              () ->
                  ReduceOnPlateau.builder()
                      .factor(0.5)
                      .patience(2)
                      .threshold(0.01)
                      .cooldown(1)
                      .build(),
          "plateau_max",
              () ->
                  ReduceOnPlateau.builder()
                      .maximize()
                      .factor(0.5)
                      .patience(1)
                      .minimumRate(0.02)
                      .build());

  private static JsonNode read() {
    try (InputStream in =
        ScheduleTrajectoryTest.class.getResourceAsStream("/golden/schedule-trajectories.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "step_3_0.5",
        "exponential_0.9",
        "cosine_10_0.001",
        "warmup_3_then_step_2_0.5",
        "plateau_min",
        "plateau_max"
      })
  void matchesPyTorchAtEveryEpoch(String run) {
    LearningRateSchedule schedule = SCHEDULES.get(run).get();
    double base = GOLDEN.get("base").asDouble();
    JsonNode expected = GOLDEN.get("runs").get(run);
    for (int epoch = 0; epoch < expected.size(); epoch++) {
      assertEquals(
          expected.get(epoch).asDouble(),
          schedule.learningRate(epoch, base),
          1e-15,
          run + " epoch " + epoch);
      schedule.observe(GOLDEN.get("monitored").get(epoch).asDouble());
    }
  }

  @Test
  void plateauStateRoundTripsForCheckpoints() {
    ReduceOnPlateau original = ReduceOnPlateau.builder().factor(0.5).patience(1).build();
    ReduceOnPlateau copy = ReduceOnPlateau.builder().factor(0.5).patience(1).build();
    double[] monitored = {1, 1, 1, 0.5, 0.6, 0.7, 0.8};
    for (int epoch = 0; epoch < 3; epoch++) {
      original.learningRate(epoch, 0.1);
      original.observe(monitored[epoch]);
    }
    copy.loadState(original.state());
    for (int epoch = 3; epoch < monitored.length; epoch++) {
      assertEquals(original.learningRate(epoch, 0.1), copy.learningRate(epoch, 0.1));
      original.observe(monitored[epoch]);
      copy.observe(monitored[epoch]);
    }
  }

  @Test
  void badSettingsNameTheFieldAndValue() {
    assertEquals(
        "stepSize must be ≥ 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> Schedules.step(0, 0.5)).getMessage());
    assertEquals(
        "patience must be ≥ 0, got -1",
        assertThrows(
                IllegalArgumentException.class,
                () -> ReduceOnPlateau.builder().patience(-1).build())
            .getMessage());
    assertEquals(
        "factor must be in (0, 1), got 1.5",
        assertThrows(
                IllegalArgumentException.class, () -> ReduceOnPlateau.builder().factor(1.5).build())
            .getMessage());
  }
}
