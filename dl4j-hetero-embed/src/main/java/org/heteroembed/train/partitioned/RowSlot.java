package org.heteroembed.train.partitioned;

import org.bytedeco.javacpp.FloatPointer;
import org.heteroembed.train.fast.FloatRows;

/**
 * Native memory for one resident partition: room for the input and the output rows of the largest partition,
 * allocated once (JavaCPP, so it counts against the same off-heap limit as ND4J's arrays) and reused for whichever
 * partition is loaded into it. Not thread-safe: the {@link PartitionCache} hands slots out.
 */
final class RowSlot implements AutoCloseable {
    private final FloatPointer memory;
    private final long capacityRows;
    private final int dim;
    /** The partition loaded in this slot, or -1. */
    int part = -1;
    int rows;
    /** Whether the rows changed since they were loaded or last written. */
    boolean dirty;

    RowSlot(long capacityRows, int dim) {
        this.capacityRows = capacityRows;
        this.dim = dim;
        this.memory = new FloatPointer(Math.max(1, 2 * capacityRows * dim));
        if (memory.isNull()) {
            throw new OutOfMemoryError("could not allocate " + 2 * capacityRows * dim * 4 + " bytes for a partition");
        }
    }

    /** Address of the input rows. */
    long in() {
        return memory.address();
    }

    /** Address of the output rows (after room for {@code capacityRows} input rows). */
    long out() {
        return memory.address() + capacityRows * dim * Float.BYTES;
    }

    FloatRows inRows() {
        return FloatRows.at(in(), rows, dim);
    }

    FloatRows outRows() {
        return FloatRows.at(out(), rows, dim);
    }

    long capacityRows() {
        return capacityRows;
    }

    @Override
    public void close() {
        memory.deallocate();
    }
}
