package dev.nabla.spark;

import dev.nabla.io.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** A model's transform: the output schema's new columns, filled a partition at a time. */
final class Scoring {
  private Scoring() {}

  /**
   * The data with the columns {@code output} adds to {@code dataset.schema()}, each filled by the
   * role {@code roles} gives its name; a classifier's {@code thresholds}, if not null, decide its
   * predictions as Spark's do.
   */
  static Dataset<Row> transform(
      Dataset<?> dataset,
      StructType output,
      Map<String, ScoringTask.Role> roles,
      NetworkPayload payload,
      Model model,
      String featuresCol,
      String labelCol,
      double[] thresholds) {
    StructType input = dataset.schema();
    List<ScoringTask.Role> added = new ArrayList<>();
    for (StructField field : output.fields()) {
      if (!List.of(input.fieldNames()).contains(field.name())) {
        added.add(roles.get(field.name()));
      }
    }
    int classes = model.labelNames().size();
    int labelIndex = -1;
    if (classes > 0 && List.of(input.fieldNames()).contains(labelCol)) {
      StructField label = input.apply(labelCol);
      if (label.dataType() instanceof NumericType) {
        labelIndex = input.fieldIndex(labelCol);
      }
    }
    ScoringTask task =
        new ScoringTask(
            payload,
            input.fieldIndex(featuresCol),
            featuresCol,
            labelIndex,
            labelCol,
            classes,
            model.loss(),
            added.toArray(new ScoringTask.Role[0]),
            thresholds);
    return dataset.toDF().mapPartitions(task, Encoders.row(output));
  }
}
