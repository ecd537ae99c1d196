package dev.nabla.spark;

import java.io.Serializable;

/**
 * What every task of a run needs to know, sent with each: the run's id (the key of the executors'
 * caches), its recipe as JSON, the width of the features and outputs, whether the labels are
 * classes, and where each partition's rows start among all {@code total} rows.
 */
record RunPlan(
    String run,
    String recipeJson,
    int width,
    int outputs,
    boolean classes,
    long[] offsets,
    int total)
    implements Serializable {}
