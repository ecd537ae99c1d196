package dev.nabla.training;

/** Early stopping's watch: which value, and which way is better. */
record Monitor(EarlyStopping settings, boolean higherIsBetter) {}
