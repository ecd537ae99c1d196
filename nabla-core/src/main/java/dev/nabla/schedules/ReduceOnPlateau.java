package dev.nabla.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PyTorch's {@code ReduceLROnPlateau} with a relative threshold: when the monitored value has not
 * improved for more than {@code patience} epochs, the rate is multiplied by {@code factor} (never
 * below {@code minimumRate}), then {@code cooldown} epochs pass before bad epochs count again.
 *
 * <p>"Improved" means {@code value < best·(1 − threshold)} when minimising, {@code value > best·(1
 * + threshold)} when maximising. PyTorch's defaults: factor 0.1, patience 10, threshold 1e-4,
 * cooldown 0, minimum rate 0.
 */
public final class ReduceOnPlateau implements LearningRateSchedule {
  /** PyTorch's {@code eps}: reductions smaller than this are skipped. */
  private static final double SMALLEST_REDUCTION = 1e-8;

  private final boolean maximize;
  private final double factor;
  private final int patience;
  private final double threshold;
  private final int cooldown;
  private final double minimumRate;

  private double best;
  private int badEpochs;
  private int cooldownLeft;
  private double scale = 1;
  private double lastRate = Double.NaN;

  private final Builder settings;

  private ReduceOnPlateau(Builder builder) {
    if (!(builder.factor > 0 && builder.factor < 1)) {
      throw new IllegalArgumentException("factor must be in (0, 1), got " + builder.factor);
    }
    if (builder.patience < 0) {
      throw new IllegalArgumentException("patience must be ≥ 0, got " + builder.patience);
    }
    if (!(builder.threshold >= 0) || Double.isInfinite(builder.threshold)) {
      throw new IllegalArgumentException(
          "threshold must be finite and ≥ 0, got " + builder.threshold);
    }
    if (builder.cooldown < 0) {
      throw new IllegalArgumentException("cooldown must be ≥ 0, got " + builder.cooldown);
    }
    if (!(builder.minimumRate >= 0) || Double.isInfinite(builder.minimumRate)) {
      throw new IllegalArgumentException(
          "minimumRate must be finite and ≥ 0, got " + builder.minimumRate);
    }
    this.maximize = builder.maximize;
    this.factor = builder.factor;
    this.patience = builder.patience;
    this.threshold = builder.threshold;
    this.cooldown = builder.cooldown;
    this.minimumRate = builder.minimumRate;
    this.best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    this.settings = builder.copy();
  }

  @Override
  public LearningRateSchedule fresh() {
    return new ReduceOnPlateau(settings);
  }

  /** Minimising the monitored value, with PyTorch's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public double learningRate(int epoch, double baseRate) {
    lastRate = scale == 1 ? baseRate : Math.max(baseRate * scale, minimumRate);
    return lastRate;
  }

  @Override
  public void observe(double monitored) {
    if (improves(monitored)) {
      best = monitored;
      badEpochs = 0;
    } else {
      badEpochs++;
    }
    if (cooldownLeft > 0) {
      cooldownLeft--;
      badEpochs = 0;
    }
    if (badEpochs > patience) {
      // The trainer asks for the rate before every epoch, so lastRate is the rate in force.
      double current = lastRate;
      double reduced = Math.max(current * factor, minimumRate);
      if (current - reduced > SMALLEST_REDUCTION) {
        scale *= factor;
      }
      cooldownLeft = cooldown;
      badEpochs = 0;
    }
  }

  private boolean improves(double value) {
    return maximize ? value > best * (1 + threshold) : value < best * (1 - threshold);
  }

  @Override
  public Map<String, Double> state() {
    Map<String, Double> state = new LinkedHashMap<>();
    state.put("best", best);
    state.put("badEpochs", (double) badEpochs);
    state.put("cooldownLeft", (double) cooldownLeft);
    state.put("scale", scale);
    return state;
  }

  @Override
  public void loadState(Map<String, Double> state) {
    best = state.get("best");
    badEpochs = state.get("badEpochs").intValue();
    cooldownLeft = state.get("cooldownLeft").intValue();
    scale = state.get("scale");
  }

  /** Settings of {@link ReduceOnPlateau}, PyTorch's defaults; validated by {@link #build()}. */
  public static final class Builder {
    private boolean maximize;
    private double factor = 0.1;
    private int patience = 10;
    private double threshold = 1e-4;
    private int cooldown;
    private double minimumRate;

    private Builder() {}

    /** Watch for a value that should rise, such as accuracy. */
    public Builder maximize() {
      this.maximize = true;
      return this;
    }

    public Builder factor(double factor) {
      this.factor = factor;
      return this;
    }

    public Builder patience(int patience) {
      this.patience = patience;
      return this;
    }

    public Builder threshold(double threshold) {
      this.threshold = threshold;
      return this;
    }

    public Builder cooldown(int cooldown) {
      this.cooldown = cooldown;
      return this;
    }

    public Builder minimumRate(double minimumRate) {
      this.minimumRate = minimumRate;
      return this;
    }

    public ReduceOnPlateau build() {
      return new ReduceOnPlateau(this);
    }

    private Builder copy() {
      Builder copy = new Builder();
      copy.maximize = maximize;
      copy.factor = factor;
      copy.patience = patience;
      copy.threshold = threshold;
      copy.cooldown = cooldown;
      copy.minimumRate = minimumRate;
      return copy;
    }
  }
}
