package org.heteroembed.search;

import org.heteroembed.config.Setting;
import org.heteroembed.config.SettingSection;
import org.heteroembed.config.ValueType;
import org.heteroembed.eval.Similarity;

import java.util.List;

/**
 * The search's own settings, declared once each (key, type, default, range, help): the {@code search} section
 * (candidate generation, parallelism, the whole search's time) and the {@code score} section (how a candidate's
 * vectors are scored). Everything about one candidate's training is a job setting instead ({@code job:} and
 * {@code space:} of a search config), e.g. the per-candidate time budget is {@code training.maxSeconds}.
 */
public final class SearchSettings {
    /** Candidate generators. */
    public enum Generator {
        RANDOM, GRID
    }

    /** The order of a grid. */
    public enum Order {
        SEQUENTIAL, RANDOM
    }

    /** Score functions; spelled {@code link-auc}, {@code link-mrr}, {@code node-f1} in files. */
    public enum ScoreKind {
        LINK_AUC, LINK_MRR, NODE_F1;

        public boolean isLink() {
            return this != NODE_F1;
        }
    }

    private SearchSettings() {
    }

    private static <T> Setting<SectionValues, SectionValues.Builder, T> search(String name, ValueType<T> type) {
        return SectionValues.setting("search", name, type);
    }

    private static <T> Setting<SectionValues, SectionValues.Builder, T> score(String name, ValueType<T> type) {
        return SectionValues.setting("score", name, type);
    }

    public static final Setting<SectionValues, SectionValues.Builder, Generator> GENERATOR = search("generator",
            ValueType.of(Generator.class)).defaultValue(Generator.RANDOM).help("random or grid search.");
    public static final Setting<SectionValues, SectionValues.Builder, Integer> MAX_CANDIDATES = search("maxCandidates",
            ValueType.INT).optional("random: required; grid: the whole grid").atLeast(1)
            .help("Candidates to try (grid: at most this many grid points).");
    public static final Setting<SectionValues, SectionValues.Builder, Integer> DISCRETIZATION = search("discretization",
            ValueType.INT).defaultValue(3).atLeast(2).atMost(1000)
            .help("Grid only: values per continuous range, and at most this many per integer range.");
    public static final Setting<SectionValues, SectionValues.Builder, Order> ORDER = search("order",
            ValueType.of(Order.class)).defaultValue(Order.SEQUENTIAL).help("Grid only: sequential or random order.");
    public static final Setting<SectionValues, SectionValues.Builder, Long> SEED = search("seed", ValueType.LONG)
            .defaultValue(42L).help("Seed of the candidate generator (a random search is reproducible).");
    public static final Setting<SectionValues, SectionValues.Builder, Integer> THREADS = search("threads", ValueType.INT)
            .optional("cores / training.threads").atLeast(1).help("Candidates trained at once.");
    public static final Setting<SectionValues, SectionValues.Builder, BudgetPolicy> ON_BUDGET = search("onBudget",
            ValueType.of(BudgetPolicy.class)).defaultValue(BudgetPolicy.SCORE)
            .help("A candidate stopped by its time budget (training.maxSeconds): score what was trained, or fail it.");
    public static final Setting<SectionValues, SectionValues.Builder, Double> MAX_SECONDS = search("maxSeconds",
            ValueType.DOUBLE).defaultValue(0.0).atLeast(0)
            .help("Time for the whole search: no candidate starts after it (running ones finish); 0: none.");

    public static final Setting<SectionValues, SectionValues.Builder, ScoreKind> FUNCTION = score("function",
            ValueType.of(ScoreKind.class)).defaultValue(ScoreKind.LINK_AUC)
            .help("link-auc, link-mrr (held-out edges against type-consistent negatives) or node-f1 (macro-F1).");
    public static final Setting<SectionValues, SectionValues.Builder, String> HELD_OUT = score("heldOut",
            ValueType.STRING).optional("the generated graph's held-out clicks")
            .help("Link scores on a graph file: its held-out edges (src_type src_id dst_type dst_id), relative to "
                    + "the search config.");
    public static final Setting<SectionValues, SectionValues.Builder, Similarity> SIMILARITY = score("similarity",
            ValueType.of(Similarity.class)).defaultValue(Similarity.COSINE).help("Link scores: dot or cosine.");
    public static final Setting<SectionValues, SectionValues.Builder, Integer> NEGATIVES = score("negatives",
            ValueType.INT).defaultValue(10).atLeast(1).atMost(100_000).help("Link scores: negatives per held-out edge.");
    public static final Setting<SectionValues, SectionValues.Builder, Integer> MAX_EDGES = score("maxEdges",
            ValueType.INT).defaultValue(2000).atLeast(0).help("Link scores: held-out edges used (a seeded sample); 0: all.");
    public static final Setting<SectionValues, SectionValues.Builder, String> NODE_TYPE = score("nodeType",
            ValueType.STRING).optional("the first labelled type").help("node-f1: the labelled node type to classify.");
    public static final Setting<SectionValues, SectionValues.Builder, Integer> FOLDS = score("folds", ValueType.INT)
            .defaultValue(5).atLeast(2).atMost(100).help("node-f1: splits, each training on (folds-1)/folds of the nodes.");
    public static final Setting<SectionValues, SectionValues.Builder, Integer> MAX_NODES = score("maxNodes",
            ValueType.INT).defaultValue(2000).atLeast(0).help("node-f1: labelled nodes used (a seeded sample); 0: all.");
    public static final Setting<SectionValues, SectionValues.Builder, Long> SCORE_SEED = score("seed", ValueType.LONG)
            .defaultValue(1L).help("Seed of the edge, negative, node and split samples.");

    /** The {@code search} section. */
    public static final SettingSection<SectionValues, SectionValues.Builder> SEARCH = SectionValues.section("search",
            List.of(GENERATOR, MAX_CANDIDATES, DISCRETIZATION, ORDER, SEED, THREADS, ON_BUDGET, MAX_SECONDS));
    /** The {@code score} section. */
    public static final SettingSection<SectionValues, SectionValues.Builder> SCORE = SectionValues.section("score",
            List.of(FUNCTION, HELD_OUT, SIMILARITY, NEGATIVES, MAX_EDGES, NODE_TYPE, FOLDS, MAX_NODES, SCORE_SEED));
    /** Settings of the link scores only, and of node-f1 only. */
    static final List<Setting<SectionValues, SectionValues.Builder, ?>> LINK_ONLY = List.of(HELD_OUT, SIMILARITY,
            NEGATIVES, MAX_EDGES), NODE_ONLY = List.of(NODE_TYPE, FOLDS, MAX_NODES);
}
