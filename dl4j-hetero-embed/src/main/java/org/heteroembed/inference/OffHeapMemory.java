package org.heteroembed.inference;

import org.bytedeco.javacpp.Pointer;

/**
 * How many bytes of native memory this JVM can still allocate for ND4J arrays, as JavaCPP (which allocates them)
 * sees it: the least of its limit minus what it holds ({@code -Dorg.bytedeco.javacpp.maxbytes}, by default the heap
 * size), its physical-memory limit minus the process's resident bytes ({@code maxphysicalbytes}), and the memory
 * the operating system reports available. Used to refuse, with the sizes, work that would otherwise die midway with
 * an {@code OutOfMemoryError} from JavaCPP.
 */
public final class OffHeapMemory {
    private OffHeapMemory() {
    }

    /**
     * Bytes of native memory the JVM can still allocate: the least of the physical memory available and what
     * JavaCPP's limits ({@code maxBytes}, {@code maxPhysicalBytes}) leave.
     */
    public static long available() {
        long available = Pointer.availablePhysicalBytes();
        long max = Pointer.maxBytes();
        if (max > 0) {
            available = Math.min(available, max - Pointer.totalBytes());
        }
        long maxPhysical = Pointer.maxPhysicalBytes();
        if (maxPhysical > 0) {
            available = Math.min(available, maxPhysical - Pointer.physicalBytes());
        }
        return Math.max(0, available);
    }

    /** {@code 1.5 GiB}-style rendering of a byte count for messages. */
    public static String format(long bytes) {
        return org.heteroembed.config.ByteSize.format(bytes);
    }
}
