package org.heteroembed.walk;

/** The kinds of random walk. */
public enum WalkKind {
    /** DeepWalk: each step to a random neighbour of any type, proportional to edge weight if weighted. */
    UNIFORM,
    /** metapath2vec: each step to a random neighbour of the next type of a metapath. */
    METAPATH,
    /** node2vec: second-order steps biased by the return (p) and in-out (q) parameters. */
    NODE2VEC
}
