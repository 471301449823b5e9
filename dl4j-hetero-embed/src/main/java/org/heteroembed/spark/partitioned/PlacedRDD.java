package org.heteroembed.spark.partitioned;

import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.reflect.ClassTag;

import java.util.List;

/**
 * Its parent's partitions, asking Spark to run partition {@code i}'s task on a chosen executor: the one where the
 * previous round's task of the same slot ran, which keeps that slot's input rows in memory ({@link HalfCache}). A
 * preference, not a constraint: when that executor is gone Spark runs the task elsewhere after its locality wait, and
 * the task reads the rows' files instead (same result, more I/O).
 */
final class PlacedRDD<T> extends RDD<T> {
    private static final long serialVersionUID = 1L;
    private final ClassTag<T> tag;
    /** Per partition, a task location {@code executor_HOST_ID}, or null for no preference. */
    private final String[] locations;

    PlacedRDD(RDD<T> parent, String[] locations, ClassTag<T> tag) {
        super(parent, tag);
        this.tag = tag;
        this.locations = locations.clone();
    }

    @Override
    public scala.collection.Iterator<T> compute(Partition split, TaskContext context) {
        return firstParent(tag).iterator(split, context);
    }

    @Override
    public Partition[] getPartitions() {
        return firstParent(tag).partitions();
    }

    @Override
    public Seq<String> getPreferredLocations(Partition split) {
        String at = split.index() < locations.length ? locations[split.index()] : null;
        List<String> l = at == null ? List.of() : List.of(at);
        return JavaConverters.asScalaBufferConverter(l).asScala().toSeq();
    }
}
