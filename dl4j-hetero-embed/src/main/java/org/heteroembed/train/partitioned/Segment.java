package org.heteroembed.train.partitioned;

import java.util.Arrays;

/**
 * The windows of one chunk of walks that fall in one bucket, in walk order: {@code records} windows packed in
 * {@code payload[0..length)} as {@code center, count, context_1 .. context_count} (local rows: the center's in the
 * bucket's output partition, the contexts' in its input partition).
 *
 * @param firstWalk the chunk's first walk: seeds the negatives drawn when the segment is trained
 * @param tokens    walk positions this segment accounts for (for the learning-rate schedule, which runs on tokens)
 * @param pairs     (center, context) pairs in the segment
 */
public record Segment(long firstWalk, int tokens, int pairs, int records, int[] payload, int length) {
    /** Ints before the payload in {@link #pack}: tokens, pairs, records, windows. */
    private static final int HEADER = 4;

    /**
     * The segment as one int array (tokens, pairs, records, windows, payload), for a Spark record: flat arrays
     * serialize without per-field overhead, and Kryo cannot build records. The first walk travels in the record's key.
     *
     * @param windows windows of the chunk before they were cut, carried by one segment of each chunk (0 on the others),
     *                so that the windows of an epoch can be summed over its segments
     */
    public int[] pack(int windows) {
        int[] out = new int[HEADER + length];
        out[0] = tokens;
        out[1] = pairs;
        out[2] = records;
        out[3] = windows;
        System.arraycopy(payload, 0, out, HEADER, length);
        return out;
    }

    /** The segment {@link #pack} made. */
    public static Segment unpack(long firstWalk, int[] packed) {
        int[] payload = Arrays.copyOfRange(packed, HEADER, packed.length);
        return new Segment(firstWalk, packed[0], packed[1], packed[2], payload, payload.length);
    }

    /** Tokens of a packed segment, without unpacking it. */
    public static int packedTokens(int[] packed) {
        return packed[0];
    }

    /** Records (sub-windows) of a packed segment. */
    public static int packedRecords(int[] packed) {
        return packed[2];
    }

    /** The chunk's windows a packed segment carries (see {@link #pack}). */
    public static int packedWindows(int[] packed) {
        return packed[3];
    }

    /** Pairs of a packed segment, without unpacking it. */
    public static int packedPairs(int[] packed) {
        return packed[1];
    }
}
