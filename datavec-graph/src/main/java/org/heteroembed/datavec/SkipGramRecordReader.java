package org.heteroembed.datavec;

import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaDataIndex;
import org.datavec.api.transform.schema.Schema;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.Writable;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.sampling.PairChunk;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.walk.WalkGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A DataVec {@code RecordReader} of negative-sampled skip-gram records, generated on the fly from random
 * walks (no corpus file). One record per (center, context) pair:
 * <pre>
 * center_type, center_id, target0_type, target0_id, target0_label, ..., targetK_type, targetK_id, targetK_label
 * </pre>
 * Target 0 is the context (label 1), targets 1..k the negatives (label 0); types are node-type indices of the
 * graph's schema and ids local indices within the type (see {@link #schema()}). One epoch is one run of the
 * walks; {@link #reset()} starts the same epoch again (the walks are deterministic). The {@code InputSplit}
 * given to {@code initialize} is not used: the graph and configs are the input.
 */
public class SkipGramRecordReader extends GeneratedRecordReader {
    private final HeteroGraph graph;
    private final PairCursor cursor;
    private long recordIndex;

    public SkipGramRecordReader(WalkGenerator walks, SkipGramPairGenerator pairs) {
        this.graph = walks.graph();
        this.cursor = new PairCursor(walks, pairs);
    }

    /** Column names and types of the records. */
    public Schema schema() {
        Schema.Builder b = new Schema.Builder().addColumnsInteger("center_type", "center_id");
        for (int j = 0; j <= cursor.negatives(); j++) {
            b.addColumnsInteger("target" + j + "_type", "target" + j + "_id", "target" + j + "_label");
        }
        return b.build();
    }

    @Override
    public boolean batchesSupported() {
        return true;
    }

    @Override
    public List<List<Writable>> next(int num) {
        List<List<Writable>> out = new ArrayList<>(num);
        while (out.size() < num && hasNext()) {
            out.add(next());
        }
        return out;
    }

    @Override
    public List<Writable> next() {
        if (!cursor.advance()) {
            throw new NoSuchElementException("no more skip-gram records in this epoch; call reset()");
        }
        recordIndex++;
        PairChunk c = cursor.chunk();
        int i = cursor.index();
        int k = c.negativesPerPair();
        List<Writable> record = new ArrayList<>(2 + 3 * (k + 1));
        addNode(record, c.center(i));
        addNode(record, c.context(i));
        record.add(new IntWritable(1));
        for (int j = 0; j < k; j++) {
            addNode(record, c.negative(i, j));
            record.add(new IntWritable(0));
        }
        invokeListeners(record);
        return record;
    }

    private void addNode(List<Writable> record, int global) {
        int type = graph.nodeType(global);
        record.add(new IntWritable(type));
        record.add(new IntWritable(global - graph.typeOffset(type)));
    }

    @Override
    public boolean hasNext() {
        return cursor.hasNext();
    }

    @Override
    public void reset() {
        cursor.reset();
        recordIndex = 0;
    }

    @Override
    public Record nextRecord() {
        List<Writable> r = next();
        return new org.datavec.api.records.impl.Record(r, new RecordMetaDataIndex(recordIndex - 1, null, SkipGramRecordReader.class));
    }

    @Override
    public void close() {
        cursor.close();
    }

}
