package org.heteroembed.graph;

/**
 * What to do when the same edge (same relation, same two endpoints) appears more than once in the input.
 */
public enum DuplicatePolicy {
    /** Keep every occurrence (a multigraph): an edge listed twice is twice as likely to be walked. Default. */
    KEEP,
    /** Merge occurrences into one edge whose weight is the sum of theirs (makes the graph weighted). */
    SUM,
    /** Keep the first occurrence in input order, drop the others. */
    FIRST
}
