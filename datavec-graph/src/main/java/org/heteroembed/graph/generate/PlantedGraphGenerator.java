package org.heteroembed.graph.generate;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.HeteroGraphBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Generates the planted-community user/article/topic graph described in {@link PlantedGraphConfig}.
 *
 * <p>Everything is streamed into a {@link HeteroGraphBuilder} (paged primitive edge storage) and the held-out
 * pairs into primitive int lists, so there is no object per edge: 10M edges fit comfortably in a 2 GB heap.
 * One {@link SplittableRandom} seeded by the configuration is split into independent streams for the
 * popularity rankings, the topic links and the clicks, and everything runs in a fixed order, so a
 * configuration always produces the same graph. Click weights are drawn even when the graph is unweighted,
 * so the weighted and unweighted variants of a configuration have the same edges. Floating point that shapes
 * the output goes through {@link StrictMath}, so "the same graph" holds across JVMs and platforms too.
 */
public final class PlantedGraphGenerator {
    private static final Logger log = LoggerFactory.getLogger(PlantedGraphGenerator.class);
    /** Draws allowed to find a topic an article does not already have before giving up on that link. */
    private static final int TOPIC_ATTEMPTS = 16;

    private PlantedGraphGenerator() {
    }

    /** Generates the graph, its labels and its held-out clicks. */
    public static PlantedGraph generate(PlantedGraphConfig config) {
        long start = System.nanoTime();
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom rankRng = root.split();
        SplittableRandom topicRng = root.split();
        SplittableRandom clickRng = root.split();
        int k = config.communities();

        HeteroGraphBuilder b = HeteroGraph.builder().fixNodeTypes(PlantedGraph.USER, PlantedGraph.ARTICLE,
                PlantedGraph.TOPIC);
        if (config.weighted()) {
            b.weighted();
        }
        int user = b.nodeType(PlantedGraph.USER);
        int article = b.nodeType(PlantedGraph.ARTICLE);
        int topic = b.nodeType(PlantedGraph.TOPIC);
        addNodes(b, user, PlantedGraph.USER_PREFIX, config.users(), k);
        addNodes(b, article, PlantedGraph.ARTICLE_PREFIX, config.articles(), k);
        addNodes(b, topic, PlantedGraph.TOPIC_PREFIX, config.topics(), k);
        int userArticle = b.relation(PlantedGraph.USER_ARTICLE, user, article, false);
        int articleTopic = b.relation(PlantedGraph.ARTICLE_TOPIC, article, topic, false);

        CommunityPicker articles = new CommunityPicker(config.articles(), k, config.popularityExponent(), rankRng);
        CommunityPicker topics = new CommunityPicker(config.topics(), k, 0, rankRng);
        addTopicLinks(config, b, articleTopic, topics, topicRng);
        IntArrayList heldUsers = new IntArrayList(), heldArticles = new IntArrayList();
        addClicks(config, b, userArticle, articles, clickRng, heldUsers, heldArticles);

        HeteroGraph graph = b.build();
        HeldOutLinks heldOut = HeldOutLinks.of(userArticle, globals(graph, user, heldUsers), globals(graph, article, heldArticles));
        log.info("Generated planted graph in {} ms: {} nodes, {} training edges, {} held-out clicks",
                (System.nanoTime() - start) / 1_000_000, graph.numNodes(), graph.numEdges(), heldOut.size());
        return new PlantedGraph(config, graph, heldOut);
    }

    /** Interns nodes {@code 0..n-1} in order, so local index = id number, and labels them by community. */
    private static void addNodes(HeteroGraphBuilder b, int type, String prefix, int n, int k) {
        String[] labels = new String[k];
        for (int c = 0; c < k; c++) {
            labels[c] = PlantedGraph.label(c);
        }
        for (int i = 0; i < n; i++) {
            int local = b.node(type, prefix + i);
            b.setLabel(type, local, labels[i % k]);
        }
    }

    private static void addTopicLinks(PlantedGraphConfig config, HeteroGraphBuilder b, int relation,
                                      CommunityPicker topics, SplittableRandom rng) {
        int k = config.communities();
        int[] chosen = new int[config.topicsPerArticle()];
        for (int a = 0; a < config.articles(); a++) {
            int own = a % k;
            int want = 1 + rng.nextInt(config.topicsPerArticle());
            int have = 0;
            for (int j = 0; j < want; j++) {
                for (int attempt = 0; attempt < TOPIC_ATTEMPTS; attempt++) {
                    int t = topics.sample(community(own, k, config.pIn(), rng), rng);
                    if (!contains(chosen, have, t)) {
                        chosen[have++] = t;
                        b.addEdge(relation, a, t, 1f);
                        break;
                    }
                }
            }
        }
    }

    /** Global indices of local nodes of one type (every generated node is in the graph, isolated or not). */
    private static int[] globals(HeteroGraph graph, int type, IntArrayList locals) {
        int[] a = locals.toIntArray();
        for (int i = 0; i < a.length; i++) {
            a[i] = graph.globalId(type, a[i]);
        }
        return a;
    }

    /**
     * Adds the training clicks to {@code b} and the held-out ones, as local (user, article) pairs ordered by
     * user then article, each pair once, to the two lists.
     */
    private static void addClicks(PlantedGraphConfig config, HeteroGraphBuilder b, int relation,
                                  CommunityPicker articles, SplittableRandom rng, IntArrayList heldUsers,
                                  IntArrayList heldArticles) {
        int k = config.communities();
        long seed = config.seed();
        double holdout = config.holdout();
        ClickDegrees.Sampler degrees = ClickDegrees.forConfig(config).sampler();
        int[] held = new int[config.clickCap()];
        for (int u = 0; u < config.users(); u++) {
            int own = u % k;
            int clicks = degrees.sample(rng);
            int nHeld = 0;
            for (int j = 0; j < clicks; j++) {
                int a = articles.sample(community(own, k, config.pIn(), rng), rng);
                float w = repeatViews(rng);
                if (HoldoutHash.isHeldOut(seed, u, a, holdout)) {
                    held[nHeld++] = a;
                } else {
                    b.addEdge(relation, u, a, config.weighted() ? w : 1f);
                }
            }
            // A pair clicked twice is held out twice: list it once.
            Arrays.sort(held, 0, nHeld);
            for (int j = 0; j < nHeld; j++) {
                if (j == 0 || held[j] != held[j - 1]) {
                    heldUsers.add(u);
                    heldArticles.add(held[j]);
                }
            }
        }
    }

    /** The source's own community with probability {@code pIn}, otherwise a uniformly chosen other one. */
    private static int community(int own, int k, double pIn, SplittableRandom rng) {
        if (k == 1 || rng.nextDouble() < pIn) {
            return own;
        }
        return (own + 1 + rng.nextInt(k - 1)) % k;
    }

    /**
     * 1 + a geometric(1/2) count: half the clicks weigh 1, a quarter 2, an eighth 3, ... The trailing zero
     * bits of a uniform long have exactly that law (as {@code floor(-log2 U)} does), with integer arithmetic
     * only, so weights are identical on every JVM.
     */
    private static float repeatViews(SplittableRandom rng) {
        return 1 + Long.numberOfTrailingZeros(rng.nextLong());
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }
}
