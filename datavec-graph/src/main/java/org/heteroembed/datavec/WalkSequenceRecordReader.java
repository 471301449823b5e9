package org.heteroembed.datavec;

import org.datavec.api.records.Record;
import org.datavec.api.records.SequenceRecord;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.records.metadata.RecordMetaDataIndex;
import org.datavec.api.records.reader.SequenceRecordReader;
import org.datavec.api.transform.schema.Schema;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.Writable;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.walk.OrderedPipeline;
import org.heteroembed.walk.WalkChunk;
import org.heteroembed.walk.WalkGenerator;

import java.io.DataInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A DataVec {@code SequenceRecordReader} of random walks, generated on the fly: one sequence per walk, one
 * step per node with columns {@code node_type, node_id} (type index, local id; see {@link #schema()}). One
 * epoch is one run of the walks; {@link #reset()} replays it. The {@code InputSplit} is not used.
 */
public class WalkSequenceRecordReader extends GeneratedRecordReader implements SequenceRecordReader {
    private final WalkGenerator walks;
    private final HeteroGraph graph;
    private OrderedPipeline<WalkChunk> pipeline;
    private WalkChunk chunk;
    private int index;
    private long sequenceIndex;

    public WalkSequenceRecordReader(WalkGenerator walks) {
        this.walks = walks;
        this.graph = walks.graph();
    }

    public static Schema schema() {
        return new Schema.Builder().addColumnsInteger("node_type", "node_id").build();
    }

    @Override
    public boolean hasNext() {
        if (chunk != null && index < chunk.size()) {
            return true;
        }
        if (pipeline == null) {
            pipeline = walks.start();
        }
        try {
            do {
                chunk = pipeline.next();
                index = 0;
            } while (chunk != null && chunk.size() == 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating walks", e);
        }
        return chunk != null;
    }

    @Override
    public List<List<Writable>> sequenceRecord() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more walks in this epoch; call reset()");
        }
        int w = index++;
        sequenceIndex++;
        int len = chunk.length(w);
        List<List<Writable>> seq = new ArrayList<>(len);
        for (int s = 0; s < len; s++) {
            int v = chunk.node(w, s);
            int t = graph.nodeType(v);
            seq.add(List.of(new IntWritable(t), new IntWritable(v - graph.typeOffset(t))));
        }
        invokeListeners(seq);
        return seq;
    }

    @Override
    public SequenceRecord nextSequence() {
        List<List<Writable>> seq = sequenceRecord();
        return new org.datavec.api.records.impl.SequenceRecord(seq,
                new RecordMetaDataIndex(sequenceIndex - 1, null, WalkSequenceRecordReader.class));
    }

    @Override
    public List<List<Writable>> sequenceRecord(URI uri, DataInputStream dataInputStream) {
        throw new UnsupportedOperationException("walks are generated from a graph, not read from streams");
    }

    @Override
    public SequenceRecord loadSequenceFromMetaData(RecordMetaData recordMetaData) {
        throw new UnsupportedOperationException("walks are generated as a stream; replay them with reset()");
    }

    @Override
    public List<SequenceRecord> loadSequenceFromMetaData(List<RecordMetaData> recordMetaDatas) {
        throw new UnsupportedOperationException("walks are generated as a stream; replay them with reset()");
    }

    /** Not a flat-record reader: use {@link #sequenceRecord()}. */
    @Override
    public List<Writable> next() {
        throw new UnsupportedOperationException("WalkSequenceRecordReader yields sequences: use sequenceRecord()");
    }

    @Override
    public void reset() {
        close();
        chunk = null;
        index = 0;
        sequenceIndex = 0;
    }

    @Override
    public Record nextRecord() {
        throw new UnsupportedOperationException("WalkSequenceRecordReader yields sequences: use nextSequence()");
    }

    @Override
    public void close() {
        if (pipeline != null) {
            pipeline.close();
            pipeline = null;
        }
    }

}
