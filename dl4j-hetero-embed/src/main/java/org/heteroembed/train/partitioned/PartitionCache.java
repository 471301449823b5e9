package org.heteroembed.train.partitioned;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The partitions resident in memory: a fixed number of {@link RowSlot}s (what {@code --memory} buys), filled from the
 * {@link PartitionStore} as a {@link BucketOrder} plan says. With a spare slot beyond the plan's residents, the next
 * step's partition is read in the background while the current step trains (and the partition the plan evicted is
 * written back first, into the same spare), so disk time hides behind training time as long as it is shorter.
 *
 * <p>Called from the trainer's thread only; the one background thread works on a spare slot that no bucket uses, and
 * every slot it touches is waited for ({@link Future#get}) before the trainer reads it.
 */
final class PartitionCache implements AutoCloseable {
    private final PartitionStore store;
    private final RowSlot[] slots;
    private final Future<?>[] pending;
    private final long[] lastUse;
    /** Per slot: the partition it holds, or is being filled with in the background; -1 for none. */
    private final int[] lastPart;
    private final ExecutorService io;
    private long clock;
    private volatile long loads;

    /**
     * @param prefetch whether to read the next step's partition in the background (needs one slot beyond the plan's)
     */
    PartitionCache(PartitionStore store, int slotCount, boolean prefetch) {
        if (slotCount < 1) {
            throw new IllegalArgumentException("need at least one slot, got " + slotCount);
        }
        this.store = store;
        this.slots = new RowSlot[slotCount];
        this.pending = new Future<?>[slotCount];
        this.lastUse = new long[slotCount];
        this.lastPart = new int[slotCount];
        java.util.Arrays.fill(lastPart, -1);
        this.io = prefetch ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hetero-embed-partition-io");
            t.setDaemon(true);
            return t;
        }) : null;
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
     * Begins a plan step: makes {@code load} resident (waiting for its background read if one was started), into the
     * slot of {@code evict} or a slot no resident partition needs; then, with prefetching on, starts reading
     * {@code next} (the following step's load, or -1) into a slot that none of {@code resident} uses.
     */
    void step(int load, int evict, List<Integer> resident, int next) throws IOException {
        int s = slotOf(load);
        if (s < 0) {
            int victim = evict >= 0 ? slotOf(evict) : -1;
            if (victim < 0) {
                victim = spare(resident, load);
            }
            fill(victim, load);
        }
        if (io != null && next >= 0 && slotOf(next) < 0) {
            int spare = spare(resident, next);
            if (spare >= 0) {
                RowSlot slot = slots[spare];
                slot.part = -2; // being refilled: no partition until the task is done
                int from = lastPart[spare];
                pending[spare] = io.submit(() -> {
                    refill(slot, from, next);
                    return null;
                });
                lastPart[spare] = next;
            }
        }
    }

    /**
     * Makes partitions {@code a} and {@code b} (possibly equal) resident and returns their slots; both are marked
     * dirty (training will write them). A partition not resident (a resumed run's first buckets) is loaded into the
     * least recently used slot that holds neither.
     */
    RowSlot[] acquire(int a, int b) throws IOException {
        RowSlot sa = resident(a, -1);
        RowSlot sb = a == b ? sa : resident(b, a);
        sa.dirty = sb.dirty = true;
        return new RowSlot[]{sa, sb};
    }

    private RowSlot resident(int part, int keep) throws IOException {
        int s = slotOf(part);
        if (s >= 0) {
            lastUse[s] = ++clock;
            return slots[s];
        }
        int victim = -1;
        for (int x = 0; x < slots.length; x++) {
            await(x);
            boolean free = keep < 0 || slots[x].part != keep;
            if (free && (victim < 0 || slotOrder(x) < slotOrder(victim))) {
                victim = x;
            }
        }
        if (victim < 0) {
            throw new IllegalStateException("no slot free for partition " + part + ": " + slots.length + " slot(s)");
        }
        fill(victim, part);
        return slots[victim];
    }

    /** The slot holding {@code part} (waiting for a background read of it), or -1. */
    private int slotOf(int part) throws IOException {
        for (int s = 0; s < slots.length; s++) {
            if (pending[s] != null && lastPart[s] == part) {
                await(s);
            }
            if (slots[s].part == part) {
                lastUse[s] = ++clock;
                return s;
            }
        }
        return -1;
    }

    /** A slot whose partition none of {@code resident} (nor {@code part}) is: empty first, then least recently used. */
    private int spare(List<Integer> resident, int part) throws IOException {
        int best = -1;
        for (int s = 0; s < slots.length; s++) {
            await(s);
            int p = slots[s].part;
            if (p == part || (p >= 0 && resident.contains(p))) {
                continue;
            }
            if (best < 0 || slotOrder(s) < slotOrder(best)) {
                best = s;
            }
        }
        return best;
    }

    /** Writes slot {@code s} back if it changed, then loads {@code part} into it (on this thread). */
    private void fill(int s, int part) throws IOException {
        await(s);
        refill(slots[s], slots[s].part, part);
        lastPart[s] = part;
        lastUse[s] = ++clock;
    }

    private void refill(RowSlot slot, int from, int part) throws IOException {
        if (from >= 0 && slot.dirty) {
            slot.part = from;
            store.store(slot);
        }
        slot.part = -1;
        store.load(part, slot);
        loads++;
    }

    /** Waits for the background task on slot {@code s}, if any. */
    private void await(int s) throws IOException {
        Future<?> f = pending[s];
        if (f == null) {
            return;
        }
        pending[s] = null;
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading partition " + lastPart[s], e);
        } catch (ExecutionException e) {
            slots[s].part = -1;
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IllegalStateException("reading partition " + lastPart[s] + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Empty slots first, then the least recently used. */
    private long slotOrder(int s) {
        return slots[s].part < 0 ? -1 : lastUse[s];
    }

    /** Writes every changed resident partition back (a checkpoint, or the end of training). */
    void flush() throws IOException {
        for (int s = 0; s < slots.length; s++) {
            await(s);
            RowSlot slot = slots[s];
            if (slot.part >= 0 && slot.dirty) {
                store.store(slot);
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
        if (io != null) {
            io.shutdownNow();
        }
        for (int s = 0; s < slots.length; s++) {
            try {
                await(s);
            } catch (IOException | RuntimeException ignored) {
                // closing after a failure: the slot's memory is freed either way
            }
            if (slots[s] != null) {
                slots[s].close();
            }
        }
    }
}
