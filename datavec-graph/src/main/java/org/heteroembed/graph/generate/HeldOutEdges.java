package org.heteroembed.graph.generate;

import java.util.Arrays;

/**
 * The user-article click pairs kept out of a {@link PlantedGraph} for link prediction, as two parallel
 * primitive arrays of local indices (no object per pair, so millions of pairs cost 8 bytes each).
 * Pairs are distinct, none of them is an edge of the training graph, and they are ordered by user.
 */
public final class HeldOutEdges {
    private final int[] users;
    private final int[] articles;

    HeldOutEdges(int[] users, int[] articles) {
        if (users.length != articles.length) {
            throw new IllegalArgumentException("users and articles differ in length: " + users.length + " != "
                    + articles.length);
        }
        this.users = users;
        this.articles = articles;
    }

    public int size() {
        return users.length;
    }

    /** Local index of the user of pair {@code i}. */
    public int user(int i) {
        return users[i];
    }

    /** Local index of the article of pair {@code i}. */
    public int article(int i) {
        return articles[i];
    }

    /** External id of the user of pair {@code i}, e.g. {@code "u17"}. */
    public String userId(int i) {
        return PlantedGraph.userId(users[i]);
    }

    /** External id of the article of pair {@code i}, e.g. {@code "a3"}. */
    public String articleId(int i) {
        return PlantedGraph.articleId(articles[i]);
    }

    /** A copy of the users' local indices. */
    public int[] users() {
        return users.clone();
    }

    /** A copy of the articles' local indices. */
    public int[] articles() {
        return articles.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeldOutEdges h && Arrays.equals(users, h.users) && Arrays.equals(articles, h.articles);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(users) + Arrays.hashCode(articles);
    }

    @Override
    public String toString() {
        return "HeldOutEdges{" + users.length + " user-article pairs}";
    }
}
