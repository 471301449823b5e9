package org.heteroembed.graph.generate;

import org.heteroembed.graph.HeldOutLinks;
import org.heteroembed.graph.HeteroGraph;

/**
 * A generated graph with its ground truth: the training {@link HeteroGraph} (communities set as node labels),
 * the held-out clicks for link prediction, and the {@link PlantedGraphConfig} that produced them.
 *
 * <p>Ids are fixed by construction so that files, evaluations and tests can compute them instead of looking
 * them up: node {@code i} of a type has local index {@code i}, external id {@code prefix + i}
 * ({@code "u"}, {@code "a"}, {@code "t"}) and community {@code i mod K}, labelled {@code "c" + community}.
 */
public final class PlantedGraph {
    public static final String USER = "user";
    public static final String ARTICLE = "article";
    public static final String TOPIC = "topic";
    /** Relation of the clicks, stored with users as source. */
    public static final String USER_ARTICLE = "user-article";
    /** Relation of the topic links, stored with articles as source. */
    public static final String ARTICLE_TOPIC = "article-topic";

    static final String USER_PREFIX = "u";
    static final String ARTICLE_PREFIX = "a";
    static final String TOPIC_PREFIX = "t";
    static final String LABEL_PREFIX = "c";

    private final PlantedGraphConfig config;
    private final HeteroGraph graph;
    private final HeldOutLinks heldOut;

    PlantedGraph(PlantedGraphConfig config, HeteroGraph graph, HeldOutLinks heldOut) {
        this.config = config;
        this.graph = graph;
        this.heldOut = heldOut;
    }

    public PlantedGraphConfig config() {
        return config;
    }

    /** The training graph: all generated edges except the held-out clicks. */
    public HeteroGraph graph() {
        return graph;
    }

    /** The held-out user-article pairs. */
    public HeldOutLinks heldOut() {
        return heldOut;
    }

    /** Planted community of the node with local index {@code local}, whatever its type. */
    public int community(int local) {
        return local % config.communities();
    }

    public int userType() {
        return graph.schema().nodeType(USER);
    }

    public int articleType() {
        return graph.schema().nodeType(ARTICLE);
    }

    public int topicType() {
        return graph.schema().nodeType(TOPIC);
    }

    public static String userId(int local) {
        return USER_PREFIX + local;
    }

    public static String articleId(int local) {
        return ARTICLE_PREFIX + local;
    }

    public static String topicId(int local) {
        return TOPIC_PREFIX + local;
    }

    /** Label string of a community, e.g. {@code "c3"}. */
    public static String label(int community) {
        return LABEL_PREFIX + community;
    }

    @Override
    public String toString() {
        return "PlantedGraph{" + graph + ", heldOut=" + heldOut.size() + ", " + config + "}";
    }
}
