package org.heteroembed.graph.partition;

import it.unimi.dsi.fastutil.ints.IntHeapPriorityQueue;
import org.heteroembed.graph.HeteroGraph;

import java.util.Arrays;

/**
 * Places the nodes of communities into parts of at most {@code cap} nodes: each community, offered largest
 * first, goes into the currently lightest part, and spills into the next lightest when that one is full.
 *
 * <p>The nodes of a community are placed by growing breadth-first "balls" through it, so a community split
 * across parts is split into connected regions, not a scatter of ids. When a part fills up mid-community the
 * next part grows a <em>fresh</em> ball from the next node, instead of taking over the old frontier: a
 * breadth-first frontier is one layer deep, and in a bipartite graph (users and articles) a layer has almost
 * no edges inside it, so parts made of frontier rings would be cut worse than by hashing.
 *
 * <p>Single use, not thread-safe. No object per node or edge: the owner array doubles as the visited mark.
 */
final class CommunityPacker {
    private final HeteroGraph g;
    private final ReverseEdges reverse;   // null when the graph has no directed relation
    private final int[] label;
    /** Part of a placed node (>= 0); -1 never queued; {@code mark(b)} queued by ball b but not placed yet. */
    private final int[] owner;
    private final int[] queue;
    private final long[] load;
    private final int cap;
    private final IntHeapPriorityQueue lightest;
    private int part = -1;
    private int ball = -1;

    /** {@code queue} is scratch of at least the largest community's size; the result goes to {@code owner}. */
    CommunityPacker(HeteroGraph g, ReverseEdges reverse, int[] label, int parts, int cap, int[] owner, int[] queue) {
        this.g = g;
        this.reverse = reverse;
        this.label = label;
        this.owner = owner;
        this.queue = queue;
        this.cap = cap;
        this.load = new long[parts];
        // Lightest part first, lowest index among equals. Only a part taken out of the queue changes load, so
        // the heap order stays valid.
        this.lightest = new IntHeapPriorityQueue(parts,
                (a, b) -> load[a] != load[b] ? Long.compare(load[a], load[b]) : Integer.compare(a, b));
        for (int p = 0; p < parts; p++) {
            lightest.enqueue(p);
        }
        Arrays.fill(owner, -1);
    }

    /** Places community {@code l}, whose nodes are {@code members[from..to)}. */
    void place(int l, int[] members, int from, int to) {
        part = lightest.dequeueInt();
        // A community need not be connected (or a ball may have been cut short): restart from any node left.
        for (int m = from; m < to; m++) {
            if (owner[members[m]] < 0) {
                grow(members[m], l);
            }
        }
        lightest.enqueue(part);
    }

    private static int mark(int ball) {
        return -2 - ball;
    }

    /** Places every node of community {@code l} reachable from {@code seed} inside it. */
    private void grow(int seed, int l) {
        int head = 0, tail = 0;
        queue[tail++] = seed;
        owner[seed] = mark(++ball);
        while (head < tail) {
            int v = queue[head++];
            if (load[part] >= cap) {
                // Full: the next lightest part grows a new ball from v. Nodes still queued keep the old ball's
                // mark, so the new ball (or a later restart) can queue them again.
                lightest.enqueue(part);
                part = lightest.dequeueInt();
                head = 0;
                tail = 0;
                ball++;
            }
            owner[v] = part;
            load[part]++;
            int m = mark(ball);
            long end = g.neighbourEnd(v);
            for (long i = g.neighbourStart(v); i < end; i++) {
                int u = g.neighbour(i);
                if (label[u] == l && owner[u] < 0 && owner[u] != m) {
                    owner[u] = m;
                    queue[tail++] = u;
                }
            }
            if (reverse != null) {
                long rend = reverse.end(v);
                for (long i = reverse.start(v); i < rend; i++) {
                    int u = reverse.source(i);
                    if (label[u] == l && owner[u] < 0 && owner[u] != m) {
                        owner[u] = m;
                        queue[tail++] = u;
                    }
                }
            }
        }
    }
}
