package org.heteroembed.graph;

/** What to do with an edge whose two endpoints are the same node. */
public enum SelfLoopPolicy {
    /** Drop it and count it in the load report. Default: a node is its own trivial context. */
    DROP,
    /** Keep it, stored once: the node appears once in its own neighbour list. */
    KEEP
}
