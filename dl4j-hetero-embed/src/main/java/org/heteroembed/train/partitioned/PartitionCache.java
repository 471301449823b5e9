package org.heteroembed.train.partitioned;

import java.io.IOException;

/**
 * The partitions resident in memory: a fixed number of {@link RowSlot}s (what {@code --memory} buys), filled on
 * demand from the {@link PartitionStore}; a slot is reused for another partition after its rows are written back
 * (least recently used first). Not thread-safe: the trainer acquires partitions between buckets.
 */
final class PartitionCache implements AutoCloseable {
    private final PartitionStore store;
    private final RowSlot[] slots;
    private final long[] lastUse;
    private long clock;
    private long loads;

    PartitionCache(PartitionStore store, int slotCount) {
        if (slotCount < 1) {
            throw new IllegalArgumentException("need at least one slot, got " + slotCount);
        }
        this.store = store;
        this.slots = new RowSlot[slotCount];
        this.lastUse = new long[slotCount];
        int rows = store.layout().maxRows();
        try {
            for (int s = 0; s < slotCount; s++) {
                slots[s] = new RowSlot(rows, store.dim());
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            close();
            throw e;
        }
    }

    /**
     * Makes partitions {@code a} and {@code b} (possibly equal) resident and returns their slots; both are marked
     * dirty (training will write them).
     */
    RowSlot[] acquire(int a, int b) throws IOException {
        RowSlot sa = resident(a, -1);
        RowSlot sb = a == b ? sa : resident(b, a);
        sa.dirty = sb.dirty = true;
        return new RowSlot[]{sa, sb};
    }

    /**
     * Loads a partition as a bucket plan says: into the slot of {@code evict} (written back first), or into a free slot
     * ({@code evict < 0}); nothing when it is resident already. A resumed run starts with an empty cache, so the plan's
     * victim may not be resident: then the least recently used slot is taken.
     */
    void load(int part, int evict) throws IOException {
        for (RowSlot s : slots) {
            if (s.part == part) {
                return;
            }
        }
        for (int s = 0; s < slots.length; s++) {
            if (evict >= 0 && slots[s].part == evict) {
                fill(s, part);
                return;
            }
        }
        resident(part, -1);
    }

    /** The slot of a partition, loading it (into the least recently used slot not holding {@code keep}) if needed. */
    private RowSlot resident(int part, int keep) throws IOException {
        int victim = -1;
        for (int s = 0; s < slots.length; s++) {
            if (slots[s].part == part) {
                lastUse[s] = ++clock;
                return slots[s];
            }
            boolean free = keep < 0 || slots[s].part != keep;
            if (free && (victim < 0 || slotOrder(s) < slotOrder(victim))) {
                victim = s;
            }
        }
        if (victim < 0) {
            throw new IllegalStateException("no slot free for partition " + part + ": " + slots.length + " slot(s)");
        }
        fill(victim, part);
        return slots[victim];
    }

    /** Writes slot {@code s} back if it changed, then loads {@code part} into it. */
    private void fill(int s, int part) throws IOException {
        RowSlot slot = slots[s];
        if (slot.part >= 0 && slot.dirty) {
            store.store(slot);
        }
        slot.part = -1;
        store.load(part, slot);
        loads++;
        lastUse[s] = ++clock;
    }

    /** Empty slots first, then the least recently used. */
    private long slotOrder(int s) {
        return slots[s].part < 0 ? -1 : lastUse[s];
    }

    /** Writes every changed resident partition back (a checkpoint, or the end of training). */
    void flush() throws IOException {
        for (RowSlot s : slots) {
            if (s.part >= 0 && s.dirty) {
                store.store(s);
            }
        }
    }

    /** Partition loads so far. */
    long loads() {
        return loads;
    }

    int slots() {
        return slots.length;
    }

    @Override
    public void close() {
        for (RowSlot s : slots) {
            if (s != null) {
                s.close();
            }
        }
    }
}
