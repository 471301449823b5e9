package org.heteroembed.job;

import org.heteroembed.graph.HeteroGraph;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Refuses, before anything large is allocated, a run whose memory ({@link MemoryEstimate}) cannot fit in what the
 * process can hold ({@link MemoryBudget}), with one line that says what dominates and the way out. Without it such
 * a run allocated its tables, ran on for minutes and died with an {@code OutOfMemoryError} and a JavaCPP trace.
 *
 * <p>The way out for tables: partitioned tables on disk ({@code --partitions P --memory SIZE}). A bucket trains
 * with two partitions' rows resident; the suggested P is the smallest power of two (at least 2) whose two
 * partitions' rows fit in half the room, leaving the other half for the next bucket's rows loading in the
 * background and for the rest of the run; {@code --memory} is those two partitions' rows.
 */
public final class MemoryCheck {
    private static final double GB = 1e9;
    private static final long GIB = 1L << 30, MIB = 1L << 20;
    /** Above this many partitions the suggestion is no help (the room is all but gone): only the flags are named. */
    /** The most partitions a job may have ({@code tables.partitions} is at most 64). */
    private static final int MAX_SUGGESTED_PARTITIONS = 64;

    private MemoryCheck() {
    }

    /**
     * Refuses a run of {@code job} (resolved) on {@code graph} that cannot fit in this process.
     *
     * @throws RunTooLargeException with the one-line reason and the way out
     */
    public static void require(EmbeddingJob job, HeteroGraph graph) {
        require(MemoryEstimate.of(job, graph), MemoryBudget::current);
    }

    /**
     * Refuses when {@code estimate} does not fit the budget. The heap's use includes garbage: before refusing for the
     * heap, the budget is measured again after a collection.
     */
    static void require(MemoryEstimate estimate, Supplier<MemoryBudget> budget) {
        MemoryBudget b = budget.get();
        if (estimate.bytes(MemoryEstimate.Space.HEAP) > b.heap()) {
            System.gc();
            b = budget.get();
        }
        Optional<String> refusal = refusal(estimate, b);
        if (refusal.isPresent()) {
            throw new RunTooLargeException(refusal.get());
        }
    }

    /** Why {@code estimate} does not fit {@code budget} (one line with the way out), or empty when it fits. */
    static Optional<String> refusal(MemoryEstimate estimate, MemoryBudget budget) {
        long offHeap = estimate.bytes(MemoryEstimate.Space.OFF_HEAP);
        if (offHeap > budget.offHeap()) {
            return Optional.of(offHeapRefusal(estimate, offHeap, budget));
        }
        long heap = estimate.bytes(MemoryEstimate.Space.HEAP);
        if (heap > budget.heap()) {
            long xmx = ceilDiv(Math.round((budget.heapUsed() + heap) * 1.25), GIB);
            return Optional.of(String.format("the samplers and buffers need %s of Java heap (%s) but this JVM's heap has "
                            + "%s free of %s: give it more heap, e.g. HETERO_EMBED_JAVA_OPTS=-Xmx%dg", gb(heap),
                    itemList(estimate.items(MemoryEstimate.Space.HEAP), heap), gb(budget.heap()), gb(budget.heapMax()), xmx));
        }
        return Optional.empty();
    }

    private static String offHeapRefusal(MemoryEstimate estimate, long offHeap, MemoryBudget budget) {
        long room = budget.offHeap();
        List<MemoryEstimate.Item> items = estimate.items(MemoryEstimate.Space.OFF_HEAP);
        MemoryEstimate.Item largest = items.get(0);
        String need = largest.name().equals(MemoryEstimate.TABLES) && largest.bytes() >= 0.9 * offHeap
                ? String.format("the model's tables need %s (%s)", gb(largest.bytes()), largest.detail())
                : String.format("training needs %s off-heap (%s)", gb(offHeap), itemList(items, offHeap));
        String limit = budget.limitedByJvm()
                ? String.format("this JVM can hold %s more off-heap (JavaCPP's maxPhysicalBytes is %s)", gb(room),
                gb(budget.maxPhysicalBytes()))
                : String.format("this machine can hold %s more off-heap (it has %s)", gb(room), gb(budget.machineBytes()));
        StringBuilder ways = new StringBuilder();
        int p = partitions(estimate.tableBytes(), room);
        if (p > 0) { // partitions help only when two of at most 64 fit
            ways.append("train with partitioned tables on disk, --partitions ").append(p).append(" --memory ")
                    .append(memoryFlag(2 * ceilDiv(estimate.tableBytes(), p))).append(", or ");
        }
        long dimension = estimate.uniformWidths() ? (long) Math.floor((double) estimate.dimension() * room / offHeap) : 0;
        ways.append(dimension >= 1 ? String.format("--dimension %d at most", dimension)
                : estimate.uniformWidths() ? "a smaller --dimension" : "smaller --dimension/--type-dimension");
        if (budget.limitedByJvm() && offHeap <= budget.machineOffHeap()) {
            ways.append(String.format(", or raise the JVM's limit (HETERO_EMBED_JAVA_OPTS=\"-Xmx%dg "
                    + "-Dorg.bytedeco.javacpp.maxphysicalbytes=%dg\")", ceilDiv(budget.heapMax(), GIB),
                    ceilDiv(budget.residentBytes() + budget.heapGrowth() + offHeap, GIB) + 1));
        }
        return need + " but " + limit + ": " + ways;
    }

    /**
     * The suggested number of partitions: the smallest power of two, at least 2, whose two partitions' table rows
     * take at most half of {@code room}; 0 when none up to {@value #MAX_SUGGESTED_PARTITIONS} does.
     */
    static int partitions(long tableBytes, long room) {
        for (int p = 2; p <= MAX_SUGGESTED_PARTITIONS; p *= 2) {
            if (2 * ceilDiv(tableBytes, p) <= room / 2) {
                return p;
            }
        }
        return 0;
    }

    /** A {@code --memory} value of at least {@code bytes}: whole GiB ("7g"), or whole MiB below one GiB. */
    static String memoryFlag(long bytes) {
        return bytes >= GIB ? ceilDiv(bytes, GIB) + "g" : Math.max(1, ceilDiv(bytes, MIB)) + "m";
    }

    /** The items that make up at least 5% of {@code total}: "the tables 24.4 GB (...), adam's state 48.8 GB". */
    private static String itemList(List<MemoryEstimate.Item> items, long total) {
        return items.stream().filter(i -> i.bytes() >= 0.05 * total)
                .map(i -> i.name() + " " + gb(i.bytes()) + (i.detail().isEmpty() ? "" : ": " + i.detail()))
                .collect(Collectors.joining("; "));
    }

    /** Bytes in decimal gigabytes, one decimal: "24.4 GB". */
    static String gb(long bytes) {
        return String.format("%.1f GB", bytes / GB);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
