package dev.nabla.spark;

import dev.nabla.checkpoint.Checkpoint;
import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.losses.Reduction;
import dev.nabla.network.Network;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.Tensor;
import dev.nabla.training.BatchGradient;
import dev.nabla.training.Trainer;
import dev.nabla.training.TrainingListener;
import dev.nabla.training.TrainingResult;
import dev.nabla.training.TrainingSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * The driver of a training run on Spark. It reads the DataFrame once into cached {@link Shard}s
 * (checking every row there), then trains in one of two modes, each step or round one Spark job:
 *
 * <ul>
 *   <li><b>sync</b>: each step, every partition computes the gradient sums of its rows in the
 *       global batch one machine would take at that step ({@link
 *       dev.nabla.training.TrainingConfig#epochOrder} over all rows, numbered partition by
 *       partition); the driver adds them in partition order and applies one update. It equals
 *       single-machine training on the rows in that order, to rounding.
 *   <li><b>local-sgd</b>: each round, every partition takes up to {@code localSteps} whole steps on
 *       its own batches from the averaged state, then the driver averages the weights and optimizer
 *       state, weighted by the samples each partition trained on.
 * </ul>
 *
 * Partial results are combined on the driver in partition order, never in the order tasks finish,
 * so a run is deterministic given the data, its partitioning and the seed.
 */
final class SparkTraining {
  private final TrainingRequest request;
  private final JavaSparkContext context;
  private final RunStatistics.Counter statistics = new RunStatistics.Counter();

  private SparkTraining(TrainingRequest request, JavaSparkContext context) {
    this.request = request;
    this.context = context;
  }

  /** What a fit made. */
  record Fitted(
      Network network,
      Recipe recipe,
      int width,
      int outputs,
      TrainingResult result,
      RunStatistics statistics) {}

  /**
   * Trains on the DataFrame's features and label columns.
   *
   * @throws IllegalArgumentException naming the column and what was found, for bad data
   */
  static Fitted fit(Dataset<?> dataset, TrainingRequest request) {
    JavaSparkContext context =
        JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    return new SparkTraining(request, context).run(dataset);
  }

  private Fitted run(Dataset<?> dataset) {
    String previousDescription = context.getLocalProperty("spark.job.description");
    String run = UUID.randomUUID().toString();
    JavaRDD<Shard> shards = null;
    try {
      shards = read(dataset);
      Shard[] summaries = check(shards);
      int width = summaries[0].width;
      long[] offsets = new long[summaries.length];
      long total = 0;
      double maxLabel = Double.NEGATIVE_INFINITY;
      for (Shard summary : summaries) {
        offsets[summary.partition] = total;
        total += summary.rows;
        if (summary.rows > 0) {
          maxLabel = Math.max(maxLabel, summary.maxLabel);
        }
      }
      int outputs = request.classes() ? (int) maxLabel + 1 : 1;
      if (request.classes() && outputs < 2) {
        throw new IllegalArgumentException(
            "column '"
                + request.labelCol()
                + "' holds only class 0; a classifier needs at least two classes");
      }
      Recipe recipe = request.recipe(outputs);
      checkValidationFraction(recipe, (int) total);
      RunPlan plan =
          new RunPlan(
              run,
              RecipeJson.toText(recipe),
              width,
              outputs,
              request.classes(),
              offsets,
              (int) total);
      Network network = recipe.network(width);
      Trainer.Builder builder = recipe.trainerBuilder();
      for (TrainingListener listener : request.listeners()) {
        builder.listener(listener);
      }
      Trainer trainer = builder.build();
      CheckpointStore store =
          request.checkpointDir().isEmpty()
              ? null
              : new CheckpointStore(request.checkpointDir(), context.hadoopConfiguration());
      Checkpoint resumed = store == null ? null : store.latest();
      if (resumed != null) {
        checkResumable(resumed, plan, summaries.length);
      }
      TrainingResult result =
          request.mode().equals(TrainingRequest.SYNC)
              ? new Sync(plan, shards, network, trainer, store, summaries.length).train(resumed)
              : new LocalSgd(plan, shards, network, trainer, store, summaries.length)
                  .train(resumed);
      return new Fitted(network, recipe, width, outputs, result, statistics.snapshot());
    } finally {
      if (shards != null) {
        shards.unpersist(false);
      }
      Replicas.forget(run);
      context.setJobDescription(previousDescription);
    }
  }

  /** The DataFrame's rows as cached shards, one per partition. */
  private JavaRDD<Shard> read(Dataset<?> dataset) {
    Dataset<Row> columns =
        dataset
            .select(
                dataset.col(request.featuresCol()),
                dataset.col(request.labelCol()).cast(DataTypes.DoubleType))
            .toDF();
    String featuresCol = request.featuresCol();
    String labelCol = request.labelCol();
    boolean classes = request.classes();
    JavaRDD<Shard> shards =
        columns
            .toJavaRDD()
            .mapPartitionsWithIndex(
                (partition, rows) ->
                    List.of(Shard.read(partition, rows, 0, 1, featuresCol, labelCol, classes))
                        .iterator(),
                true);
    return shards.persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** Reads and checks every partition; returns their summaries in partition order. */
  private Shard[] check(JavaRDD<Shard> shards) {
    context.setJobDescription("nabla: reading and checking the training data");
    List<Shard> summaries = new ArrayList<>(shards.map(Shard::summary).collect());
    summaries.sort(Comparator.comparingInt(shard -> shard.partition));
    long rows = 0;
    int width = -1;
    int widthPartition = -1;
    for (Shard summary : summaries) {
      if (summary.problem != null) {
        throw new IllegalArgumentException(summary.problem);
      }
      rows += summary.rows;
      if (summary.rows > 0 && width < 0) {
        width = summary.width;
        widthPartition = summary.partition;
      } else if (summary.rows > 0 && summary.width != width) {
        throw new IllegalArgumentException(
            "column '"
                + request.featuresCol()
                + "' holds vectors of "
                + width
                + " values in partition "
                + widthPartition
                + " but of "
                + summary.width
                + " in partition "
                + summary.partition
                + "; every row needs the same number of features");
      }
    }
    if (rows == 0) {
      throw new IllegalArgumentException(
          "the DataFrame has no rows: there is nothing in column '"
              + request.featuresCol()
              + "' to train on");
    }
    if (rows > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "the DataFrame has " + rows + " rows; a run takes at most " + (Integer.MAX_VALUE - 8));
    }
    return summaries.toArray(new Shard[0]);
  }

  /** The validation split must leave rows for both training and validation. */
  private void checkValidationFraction(Recipe recipe, int total) {
    try {
      Replicas.trainingRows(recipe.training(), total);
    } catch (IllegalArgumentException e) {
      int held = (int) Math.ceil(request.validationFraction() * total);
      throw new IllegalArgumentException(
          "Param validationFraction is "
              + request.validationFraction()
              + ": of the DataFrame's "
              + total
              + " rows it holds out "
              + held
              + " for validation and leaves "
              + (total - held)
              + " for training; both need at least one",
          e);
    }
  }

  /**
   * The epoch's training metrics and, with a validation split, the held-out rows' loss and metrics
   * at the driver's weights, named as local training names them ({@code validation loss}, {@code
   * validation accuracy}): one more job, whose partitions score their held-out rows in inference
   * mode; their sums are added in partition order.
   */
  private Map<String, Double> measured(
      EpochMetrics metrics, RunPlan plan, JavaRDD<Shard> shards, Network network, int epoch) {
    Map<String, Double> measured = new LinkedHashMap<>(metrics.values());
    if (request.validationFraction() == 0) {
      return measured;
    }
    context.setJobDescription(
        "nabla: validating epoch " + epoch + "/" + request.epochs() + " on the held-out rows");
    List<ValidationTask.Part> parts =
        new ArrayList<>(
            shards
                .mapPartitionsWithIndex(
                    new ValidationTask(plan, NamedTensors.ofNetwork(network)), true)
                .collect());
    parts.sort(Comparator.comparingInt(ValidationTask.Part::partition));
    double lossSum = 0;
    long samples = 0;
    EpochMetrics validation = EpochMetrics.empty(plan.classes(), plan.outputs());
    for (ValidationTask.Part part : parts) {
      lossSum += part.lossSum();
      samples += part.samples();
      validation.add(part.metrics());
    }
    Recipe recipe = RecipeJson.parse(plan.recipeJson(), "the run's recipe");
    boolean mean = recipe.lossFunction().reduction() == Reduction.MEAN;
    // As Evaluator: the data loss with the loss's reduction plus the weight penalties.
    measured.put("validation loss", (mean ? lossSum / samples : lossSum) + network.penalty());
    validation.values().forEach((name, value) -> measured.put("validation " + name, value));
    return measured;
  }

  /** Each partition's training rows: all its rows but those the validation split holds out. */
  private static int[] trainingRows(Recipe recipe, RunPlan plan, int partitions) {
    int[] counts = new int[partitions];
    int[] order = Replicas.splitOrder(recipe.training(), plan.total());
    if (order == null) {
      for (int partition = 0; partition < partitions; partition++) {
        counts[partition] =
            (int)
                ((partition + 1 < partitions ? plan.offsets()[partition + 1] : plan.total())
                    - plan.offsets()[partition]);
      }
      return counts;
    }
    int kept = Replicas.trainingRows(recipe.training(), plan.total());
    for (int position = 0; position < kept; position++) {
      // The last partition whose first row is at or before this row holds it (empty ones skipped).
      int low = 0;
      int high = partitions - 1;
      while (low < high) {
        int middle = (low + high + 1) >>> 1;
        if (plan.offsets()[middle] <= order[position]) {
          low = middle;
        } else {
          high = middle - 1;
        }
      }
      counts[low]++;
    }
    return counts;
  }

  private void checkResumable(Checkpoint checkpoint, RunPlan plan, int partitions) {
    Map<String, String> expected = identity(plan, partitions);
    for (Map.Entry<String, String> entry : expected.entrySet()) {
      String found = checkpoint.metadata().get(entry.getKey());
      if (!entry.getValue().equals(found)) {
        throw new IllegalArgumentException(
            "the checkpoint in "
                + request.checkpointDir()
                + " was written by another run: its "
                + entry.getKey()
                + " is "
                + (found == null ? "missing" : "'" + abbreviate(found) + "'")
                + " but this run's is '"
                + abbreviate(entry.getValue())
                + "'; delete it or choose another checkpointDir");
      }
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  /** What a checkpoint must share with a run to resume it. */
  private Map<String, String> identity(RunPlan plan, int partitions) {
    Map<String, String> identity = new LinkedHashMap<>();
    identity.put("spark.mode", request.mode());
    identity.put("spark.localSteps", Integer.toString(request.localSteps()));
    identity.put("spark.rows", Integer.toString(plan.total()));
    identity.put("spark.partitions", Integer.toString(partitions));
    identity.put("spark.recipe", plan.recipeJson());
    return identity;
  }

  private Checkpoint withPosition(
      Checkpoint checkpoint,
      RunPlan plan,
      int partitions,
      int position,
      double lossSum,
      long samples,
      EpochMetrics metrics) {
    Map<String, String> metadata = identity(plan, partitions);
    metadata.put("spark.position", Integer.toString(position));
    metadata.put("spark.lossSum", Double.toString(lossSum));
    metadata.put("spark.samples", Long.toString(samples));
    metadata.put("spark.metrics", metrics.text());
    return checkpoint.withMetadata(metadata);
  }

  private static int position(Checkpoint checkpoint) {
    return checkpoint == null ? 0 : Integer.parseInt(checkpoint.metadata().get("spark.position"));
  }

  private static double lossSum(Checkpoint checkpoint) {
    return checkpoint == null ? 0 : Double.parseDouble(checkpoint.metadata().get("spark.lossSum"));
  }

  private static long samples(Checkpoint checkpoint) {
    return checkpoint == null ? 0 : Long.parseLong(checkpoint.metadata().get("spark.samples"));
  }

  /** The training metrics' sums over the epoch's steps before the checkpoint. */
  private static EpochMetrics metrics(Checkpoint checkpoint, RunPlan plan) {
    return EpochMetrics.parse(
        checkpoint == null ? null : checkpoint.metadata().get("spark.metrics"),
        plan.classes(),
        plan.outputs());
  }

  /** The synchronous data-parallel loop. */
  private final class Sync {
    private final RunPlan plan;
    private final JavaRDD<Shard> shards;
    private final Network network;
    private final Trainer trainer;
    private final CheckpointStore store;
    private final int partitions;

    Sync(
        RunPlan plan,
        JavaRDD<Shard> shards,
        Network network,
        Trainer trainer,
        CheckpointStore store,
        int partitions) {
      this.plan = plan;
      this.shards = shards;
      this.network = network;
      this.trainer = trainer;
      this.store = store;
      this.partitions = partitions;
    }

    TrainingResult train(Checkpoint resumed) {
      TrainingSession session =
          resumed == null ? trainer.session(network) : trainer.resumeSession(network, resumed);
      Recipe recipe = recipeOf();
      // One machine's training rows: all but the validation split's.
      int kept = Replicas.trainingRows(recipe.training(), plan.total());
      int batches = recipe.training().batchesPerEpoch(kept);
      int used = Math.min(kept, batches * Math.min(recipe.training().batchSize(), kept));
      boolean mean = recipe.lossFunction().reduction() == Reduction.MEAN;
      int first = position(resumed);
      double lossSum = lossSum(resumed);
      long samples = samples(resumed);
      EpochMetrics metrics = metrics(resumed, plan);
      while (!session.isFinished()) {
        int epoch = session.epochsCompleted() + 1;
        long started = System.nanoTime();
        for (int batch = first; batch < batches; batch++) {
          long step = session.steps() + 1;
          context.setJobDescription(
              "nabla sync: epoch "
                  + epoch
                  + "/"
                  + recipe.training().epochs()
                  + ", step "
                  + (batch + 1)
                  + "/"
                  + batches);
          long jobStarted = System.nanoTime();
          NamedTensors weights = NamedTensors.ofNetwork(network);
          List<ShardGradient> parts =
              new ArrayList<>(
                  shards
                      .mapPartitionsWithIndex(
                          new GradientTask(plan, weights, epoch, batch, step), true)
                      .collect());
          long collected = System.nanoTime();
          parts.sort(Comparator.comparingInt(ShardGradient::partition));
          BatchGradient total = sum(parts, recipe);
          combineBuffers(parts);
          lossSum += total.lossSum();
          samples += total.samples();
          for (ShardGradient part : parts) {
            metrics.add(part.metrics());
          }
          session.apply(total);
          long finished = System.nanoTime();
          long sent = weights.bytes() * partitions;
          long received = 0;
          long compute = 0;
          for (ShardGradient part : parts) {
            received += part.sums().bytes() + part.buffers().bytes();
            compute = Math.max(compute, part.computeNanos());
          }
          statistics.step(finished - jobStarted, sent, received, compute, finished - collected);
          if (store != null
              && request.checkpointInterval() > 0
              && session.steps() % request.checkpointInterval() == 0) {
            store.save(
                withPosition(
                    session.checkpoint(), plan, partitions, batch + 1, lossSum, samples, metrics),
                session.steps());
          }
          TestHooks.maybeStop(session.steps());
        }
        first = 0;
        session.completeEpoch(
            mean ? lossSum / used : lossSum,
            measured(metrics, plan, shards, network, epoch),
            samples,
            started);
        lossSum = 0;
        samples = 0;
        metrics = EpochMetrics.empty(plan.classes(), plan.outputs());
      }
      return session.result();
    }

    private Recipe recipeOf() {
      return RecipeJson.parse(plan.recipeJson(), "the run's recipe");
    }

    private BatchGradient sum(List<ShardGradient> parts, Recipe recipe) {
      BatchGradient total = null;
      for (ShardGradient part : parts) {
        BatchGradient gradient =
            new BatchGradient(
                part.sums().toMap(),
                part.samples(),
                part.lossSum(),
                recipe.lossFunction().reduction());
        total = total == null ? gradient : total.plus(gradient);
      }
      if (total == null) {
        throw new IllegalStateException("no partition held a row of the step's batch");
      }
      return total;
    }

    /**
     * Batch normalisation's running statistics become the sample-weighted mean of the partitions';
     * any other buffer (dropout's count of draws) is the first partition's.
     */
    private void combineBuffers(List<ShardGradient> parts) {
      if (network.buffers().isEmpty()) {
        return;
      }
      Map<String, Tensor> combined = new LinkedHashMap<>();
      double samples = 0;
      for (ShardGradient part : parts) {
        samples += part.samples();
      }
      for (ShardGradient part : parts) {
        double weight = part.samples() / samples;
        part.buffers()
            .toMap()
            .forEach(
                (name, value) -> {
                  boolean averaged =
                      name.endsWith("runningMean") || name.endsWith("runningVariance");
                  Tensor sum = combined.get(name);
                  if (sum == null) {
                    if (averaged) {
                      value.scaleInPlace(weight);
                    }
                    combined.put(name, value);
                  } else if (averaged) {
                    sum.addScaledInPlace(weight, value);
                  }
                });
      }
      combined.forEach((name, value) -> network.buffers().get(name).copyFrom(value));
    }
  }

  /** The local SGD loop. */
  private final class LocalSgd {
    private final RunPlan plan;
    private final JavaRDD<Shard> shards;
    private final Network network;
    private final Trainer trainer;
    private final CheckpointStore store;
    private final int partitions;

    LocalSgd(
        RunPlan plan,
        JavaRDD<Shard> shards,
        Network network,
        Trainer trainer,
        CheckpointStore store,
        int partitions) {
      this.plan = plan;
      this.shards = shards;
      this.network = network;
      this.trainer = trainer;
      this.store = store;
      this.partitions = partitions;
    }

    TrainingResult train(Checkpoint resumed) {
      Recipe recipe = RecipeJson.parse(plan.recipeJson(), "the run's recipe");
      int localSteps = request.localSteps();
      int mostBatches = 0;
      int[] trainingRows = trainingRows(recipe, plan, partitions);
      for (int partition = 0; partition < partitions; partition++) {
        int rows = trainingRows[partition];
        mostBatches =
            Math.max(
                mostBatches,
                LocalRoundTask.localBatches(
                    LocalRoundTask.localConfig(recipe.training(), partition), rows));
      }
      int rounds = (mostBatches + localSteps - 1) / localSteps;
      boolean mean = recipe.lossFunction().reduction() == Reduction.MEAN;
      Checkpoint state = resumed == null ? trainer.session(network).checkpoint() : resumed;
      int first = position(resumed);
      double lossSum = lossSum(resumed);
      long samples = samples(resumed);
      EpochMetrics metrics = metrics(resumed, plan);
      long roundsDone = state.scalars().getOrDefault("spark.rounds", 0.0).longValue();
      TrainingSession closing = null;
      while (true) {
        int epoch = (int) state.scalar("epoch") + 1;
        long started = System.nanoTime();
        for (int round = first; round < rounds; round++) {
          context.setJobDescription(
              "nabla local SGD: epoch "
                  + epoch
                  + "/"
                  + recipe.training().epochs()
                  + ", round "
                  + (round + 1)
                  + "/"
                  + rounds
                  + " of "
                  + localSteps
                  + " local steps");
          long jobStarted = System.nanoTime();
          LocalRoundTask task =
              new LocalRoundTask(plan, state, epoch, round, localSteps, roundsDone + 1);
          List<LocalResult> parts =
              new ArrayList<>(shards.mapPartitionsWithIndex(task, true).collect());
          long collected = System.nanoTime();
          parts.sort(Comparator.comparingInt(LocalResult::partition));
          roundsDone++;
          if (parts.isEmpty()) {
            continue;
          }
          state = average(state, parts, roundsDone);
          long finished = System.nanoTime();
          long received = 0;
          long compute = 0;
          for (LocalResult part : parts) {
            lossSum += part.lossSum();
            samples += part.samples();
            metrics.add(part.metrics());
            received += part.state().bytes();
            compute = Math.max(compute, part.computeNanos());
          }
          statistics.step(
              finished - jobStarted,
              NamedTensors.of(state.tensors()).bytes() * partitions,
              received,
              compute,
              finished - collected);
          if (store != null
              && request.checkpointInterval() > 0
              && roundsDone % request.checkpointInterval() == 0) {
            store.save(
                withPosition(state, plan, partitions, round + 1, lossSum, samples, metrics),
                roundsDone);
          }
          TestHooks.maybeStop(roundsDone);
        }
        first = 0;
        closing = trainer.resumeSession(network, state);
        closing.completeEpoch(
            mean ? lossSum / samples : lossSum,
            measured(metrics, plan, shards, network, epoch),
            samples,
            started);
        lossSum = 0;
        samples = 0;
        metrics = EpochMetrics.empty(plan.classes(), plan.outputs());
        if (closing.isFinished()) {
          return closing.result();
        }
        Map<String, Double> scalars = new LinkedHashMap<>(closing.checkpoint().scalars());
        scalars.put("spark.rounds", (double) roundsDone);
        state = new Checkpoint(scalars, closing.checkpoint().tensors());
      }
    }

    /**
     * The partitions' weights, buffers and optimizer state averaged, weighted by the samples each
     * trained on, summed in partition order; counts (the optimizer's step, dropout's draws) take
     * the largest. The rest of the state is the driver's.
     */
    private Checkpoint average(Checkpoint base, List<LocalResult> parts, long roundsDone) {
      double samples = 0;
      int steps = 0;
      for (LocalResult part : parts) {
        samples += part.samples();
        steps = Math.max(steps, part.steps());
      }
      Map<String, Tensor> tensors = new LinkedHashMap<>(base.tensors());
      Map<String, Tensor> averaged = new LinkedHashMap<>();
      for (LocalResult part : parts) {
        double weight = part.samples() / samples;
        for (Map.Entry<String, Tensor> entry : part.state().toMap().entrySet()) {
          String name = entry.getKey();
          if (!(name.startsWith("parameters.")
              || name.startsWith("buffers.")
              || name.startsWith("optimizer."))) {
            continue;
          }
          boolean count = name.equals("optimizer.step") || name.endsWith(".draws");
          Tensor value = entry.getValue();
          Tensor sum = averaged.get(name);
          if (sum == null) {
            if (!count) {
              value.scaleInPlace(weight);
            }
            averaged.put(name, value);
          } else if (count) {
            for (int at = 0; at < sum.size(); at++) {
              sum.set(at, Math.max(sum.get(at), value.get(at)));
            }
          } else {
            sum.addScaledInPlace(weight, value);
          }
        }
      }
      tensors.putAll(averaged);
      Map<String, Double> scalars = new LinkedHashMap<>(base.scalars());
      scalars.put("steps", base.scalar("steps") + steps);
      scalars.put("spark.rounds", (double) roundsDone);
      return new Checkpoint(scalars, tensors, base.metadata());
    }
  }
}
