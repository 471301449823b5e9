package org.heteroembed.datavec;

import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.records.reader.BaseRecordReader;
import org.datavec.api.split.InputSplit;
import org.datavec.api.writable.Writable;

import java.io.DataInputStream;
import java.net.URI;
import java.util.List;

/**
 * What the readers of generated data (walks, skip-gram records) share: the graph and configs are their input,
 * not an {@link InputSplit}; an epoch is a stream that {@link #reset()} replays; there is no random access by
 * metadata and nothing to read from a URI.
 */
abstract class GeneratedRecordReader extends BaseRecordReader {
    private Configuration conf;

    /** Starts the epoch; the split is not used. */
    @Override
    public void initialize(InputSplit split) {
        reset();
    }

    @Override
    public void initialize(Configuration conf, InputSplit split) {
        this.conf = conf;
        reset();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }

    @Override
    public List<Writable> record(URI uri, DataInputStream dataInputStream) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " generates its data from a graph; it reads no streams");
    }

    @Override
    public Record loadFromMetaData(RecordMetaData recordMetaData) {
        throw new UnsupportedOperationException("records are generated as a stream; replay them with reset()");
    }

    @Override
    public List<Record> loadFromMetaData(List<RecordMetaData> recordMetaDatas) {
        throw new UnsupportedOperationException("records are generated as a stream; replay them with reset()");
    }

    @Override
    public void setConf(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public Configuration getConf() {
        return conf;
    }
}
