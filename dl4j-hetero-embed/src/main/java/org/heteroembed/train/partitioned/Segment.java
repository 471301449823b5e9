package org.heteroembed.train.partitioned;

/**
 * The windows of one chunk of walks that fall in one bucket, in walk order: {@code records} windows packed in
 * {@code payload[0..length)} as {@code center, count, context_1 .. context_count} (local rows: the center's in the
 * bucket's output partition, the contexts' in its input partition).
 *
 * @param firstWalk the chunk's first walk: seeds the negatives drawn when the segment is trained
 * @param tokens    walk positions this segment accounts for (for the learning-rate schedule, which runs on tokens)
 * @param pairs     (center, context) pairs in the segment
 */
record Segment(long firstWalk, int tokens, int pairs, int records, int[] payload, int length) {
}
