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
 * walks (no corpus file). One record per (center, context) pair, with k negatives, grouped by column kind so
 * that each model input is one column range (as DL4J's {@code RecordReaderMultiDataSetIterator} takes them):
 * <pre>
 * center_type, center_id,                      columns 0, 1
 * target0_type .. targetK_type,                columns 2 .. 2+k
 * target0_id .. targetK_id,                    columns 3+k .. 3+2k
 * target0_label .. targetK_label               columns 4+2k .. 4+3k
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

    /** Negatives per record (k). */
    public int negatives() {
        return cursor.negatives();
    }

    /** First column of the target types (context, then negatives). */
    public int targetTypeColumn() {
        return 2;
    }

    /** First column of the target ids. */
    public int targetIdColumn() {
        return 3 + negatives();
    }

    /** First column of the labels. */
    public int labelColumn() {
        return 4 + 2 * negatives();
    }

    /** Column names and types of the records. */
    public Schema schema() {
        int k = negatives();
        Schema.Builder b = new Schema.Builder().addColumnsInteger("center_type", "center_id");
        for (String kind : new String[]{"type", "id", "label"}) {
            for (int j = 0; j <= k; j++) {
                b.addColumnInteger("target" + j + "_" + kind);
            }
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
        Writable[] record = new Writable[5 + 3 * k];
        int center = c.center(i);
        record[0] = new IntWritable(graph.nodeType(center));
        record[1] = new IntWritable(local(center));
        for (int j = 0; j <= k; j++) {
            int target = j == 0 ? c.context(i) : c.negative(i, j - 1);
            record[2 + j] = new IntWritable(graph.nodeType(target));
            record[3 + k + j] = new IntWritable(local(target));
            record[4 + 2 * k + j] = new IntWritable(j == 0 ? 1 : 0);
        }
        List<Writable> r = List.of(record);
        invokeListeners(r);
        return r;
    }

    private int local(int global) {
        return global - graph.typeOffset(graph.nodeType(global));
    }

    /**
     * Skips the next {@code records} records of this epoch without building them (where a resumed run continues).
     *
     * @return the records skipped (fewer at the end of the epoch)
     */
    public long skip(long records) {
        long n = cursor.skip(records);
        recordIndex += n;
        return n;
    }

    /** Tokens (walk nodes) whose records have been reached so far this epoch; the corpus size at its end. */
    public long tokensRead() {
        return cursor.tokensRead();
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
