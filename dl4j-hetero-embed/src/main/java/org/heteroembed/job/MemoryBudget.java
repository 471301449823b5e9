package org.heteroembed.job;

import org.bytedeco.javacpp.Pointer;

import java.lang.management.ManagementFactory;

/**
 * What this process can still allocate, measured: off the heap for ND4J's buffers, and on the heap for Java arrays.
 *
 * <p><b>Off-heap.</b> ND4J 1.0.0-M2.1 allocates its CPU buffers natively ({@code OpaqueDataBuffer}): they are not
 * counted in JavaCPP's {@code Pointer.totalBytes()}, so {@code Pointer.maxBytes()} (default: {@code -Xmx}) never limits
 * them. What does is {@code Pointer.maxPhysicalBytes()} (default: {@code maxBytes} plus 3x {@code -Xmx}, so 4x
 * {@code -Xmx}; {@code -Dorg.bytedeco.javacpp.maxphysicalbytes} sets it): at every JavaCPP allocation (ND4J makes one
 * for each array's shape) JavaCPP compares the process's resident size, {@code Pointer.physicalBytes()}, with it and
 * throws {@code OutOfMemoryError} above it (measured: a 2 GB table under {@code -Xmx1g} allocates, a second 2.4 GB one
 * then fails at 4.2 GB resident). The resident size includes the Java heap, which can still grow to {@code -Xmx} during
 * a run (the collector grows it with garbage, not just live data), so the room for ND4J is that limit less what is
 * resident now less the heap's remaining growth. Past the limit of the machine, whatever the flags, the process would
 * swap or be killed: the same room is also computed against the machine's physical memory
 * ({@code com.sun.management.OperatingSystemMXBean}, a container's limit under one) and the smaller counts. The
 * machine's total, not its free memory, is used: other processes come and go, and a run is refused only when it cannot
 * fit at all.
 *
 * <p><b>Heap.</b> The samplers' Java arrays must fit in the heap's maximum less what is in use now.
 *
 * @param residentBytes     the process's resident size now ({@code Pointer.physicalBytes()})
 * @param maxPhysicalBytes  JavaCPP's limit on the resident size, 0 for none
 * @param machineBytes      the machine's (or container's) physical memory
 * @param heapMax           {@code Runtime.maxMemory()}
 * @param heapCommitted     {@code Runtime.totalMemory()}
 * @param heapUsed          {@code totalMemory() - freeMemory()} (live data and garbage not yet collected)
 */
public record MemoryBudget(long residentBytes, long maxPhysicalBytes, long machineBytes, long heapMax,
                           long heapCommitted, long heapUsed) {

    /** This process's budget now. */
    public static MemoryBudget current() {
        Runtime rt = Runtime.getRuntime();
        long committed = rt.totalMemory();
        return new MemoryBudget(Pointer.physicalBytes(), Pointer.maxPhysicalBytes(), physicalMemory(), rt.maxMemory(),
                committed, committed - rt.freeMemory());
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Long.MAX_VALUE; // no way to tell: only JavaCPP's limit counts
    }

    /** How much the heap's resident size may still grow: up to its maximum. */
    public long heapGrowth() {
        return Math.max(0, heapMax - heapCommitted);
    }

    /** Off-heap bytes JavaCPP's limit leaves (Long.MAX_VALUE without a limit). */
    public long jvmOffHeap() {
        return maxPhysicalBytes <= 0 ? Long.MAX_VALUE : Math.max(0, maxPhysicalBytes - residentBytes - heapGrowth());
    }

    /** Off-heap bytes the machine's memory leaves. */
    public long machineOffHeap() {
        return machineBytes == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, machineBytes - residentBytes - heapGrowth());
    }

    /** Off-heap bytes the process can still allocate: the smaller of the two. */
    public long offHeap() {
        return Math.min(jvmOffHeap(), machineOffHeap());
    }

    /** Whether JavaCPP's limit, not the machine, is what binds (then raising it helps). */
    public boolean limitedByJvm() {
        return jvmOffHeap() < machineOffHeap();
    }

    /** Heap bytes still free for new arrays. */
    public long heap() {
        return Math.max(0, heapMax - heapUsed);
    }
}
