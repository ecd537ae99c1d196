package dev.nabla.losses;

/** How a loss turns per-element or per-sample losses into one number. */
public enum Reduction {
  /** The average; what it averages over is stated by each loss. */
  MEAN,
  /** The total. */
  SUM
}
