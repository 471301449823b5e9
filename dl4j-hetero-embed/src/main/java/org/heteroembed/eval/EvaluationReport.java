package org.heteroembed.eval;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one evaluation run, for the command line to print ({@link #toText()}) and write
 * ({@link #toJson()}). Any part may be null when it was not run (e.g. no labels, no held-out edges).
 *
 * <p>The JSON is built field by field rather than by reflection, so its shape is a stable, documented format
 * that does not change when a record gains a method, and non-finite numbers become {@code null} (JSON has
 * no NaN).
 */
public record EvaluationReport(LinkPrediction.Result linkPrediction, NodeClassification.Result nodeClassification,
                               Clustering.Result clustering, ColdStart.Result coldStart) {

    /** A report without a cold-start section. */
    public EvaluationReport(LinkPrediction.Result linkPrediction, NodeClassification.Result nodeClassification,
                            Clustering.Result clustering) {
        this(linkPrediction, nodeClassification, clustering, null);
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Fixed-width tables, one section per evaluation that was run. */
    public String toText() {
        StringBuilder s = new StringBuilder();
        if (linkPrediction != null) {
            LinkPrediction.Result lp = linkPrediction;
            int k = lp.overall().k();
            s.append(String.format(Locale.ROOT, "Link prediction (%s similarity of input vectors, up to %d negatives per edge)%n",
                    lp.similarity().name().toLowerCase(Locale.ROOT), lp.negativesPerEdge()));
            String rowFormat = "  %-24s %8s %8s %8s %8s%n";
            s.append(String.format(Locale.ROOT, rowFormat, "relation", "edges", "AUC", "MRR", "Hits@" + k));
            for (Map.Entry<String, RankingMetrics.Scores> e : lp.byRelation().entrySet()) {
                s.append(rankingRow(rowFormat, e.getKey(), e.getValue()));
            }
            s.append(rankingRow(rowFormat, "all", lp.overall()));
            s.append(String.format(Locale.ROOT, rowFormat, "chance", "", "0.5000", f(lp.chanceMrr()), f(lp.chanceHits())));
            if (lp.skippedEdges() > 0) {
                s.append(String.format(Locale.ROOT, "  (%d held-out edges skipped: no valid negative)%n", lp.skippedEdges()));
            }
        }
        if (nodeClassification != null) {
            NodeClassification.Result nc = nodeClassification;
            if (s.length() > 0) {
                s.append(System.lineSeparator());
            }
            s.append(String.format(Locale.ROOT, "Node classification of '%s' (%d nodes, %d classes, logistic regression, %s splits)%n",
                    nc.type(), nc.nodes(), nc.classes(), nc.stratified() ? "stratified" : "random"));
            String rowFormat = "  %-6s %7s %17s %17s%n";
            s.append(String.format(Locale.ROOT, rowFormat, "train", "repeats", "micro-F1", "macro-F1"));
            for (NodeClassification.RatioScores r : nc.ratios()) {
                s.append(String.format(Locale.ROOT, rowFormat, String.format(Locale.ROOT, "%.0f%%", 100 * r.trainRatio()),
                        r.repeats(), f(r.microF1Mean()) + " +- " + f(r.microF1Std()),
                        f(r.macroF1Mean()) + " +- " + f(r.macroF1Std())));
            }
            s.append(String.format(Locale.ROOT, "  chance macro-F1 about %s%n", f(nc.chanceMacroF1())));
        }
        if (clustering != null) {
            Clustering.Result c = clustering;
            if (s.length() > 0) {
                s.append(System.lineSeparator());
            }
            s.append(String.format(Locale.ROOT, "Clustering of '%s' (%d nodes, k-means k=%d, %d restarts, normalised vectors)%n",
                    c.type(), c.nodes(), c.k(), c.restarts()));
            s.append(String.format(Locale.ROOT, "  NMI (arithmetic mean) %s, purity %s%n", f(c.nmi()), f(c.purity())));
        }
        if (coldStart != null) {
            ColdStart.Result c = coldStart;
            if (s.length() > 0) {
                s.append(System.lineSeparator());
            }
            s.append(String.format(Locale.ROOT, "Cold-start '%s' nodes (%d the model has never seen; classifier trained on "
                    + "the model's nodes; their edges against random nodes)%n", c.type(), c.coldNodes()));
            String rowFormat = "  %-10s %8s %9s %9s %7s %8s %8s %8s%n";
            s.append(String.format(Locale.ROOT, rowFormat, "vectors", "nodes", "micro-F1", "macro-F1", "edges", "AUC",
                    "MRR", "Hits@10"));
            for (ColdStart.Scores m : c.methods()) {
                RankingMetrics.Scores l = m.links();
                s.append(String.format(Locale.ROOT, rowFormat, m.method(), m.withVector(), f(m.microF1()), f(m.macroF1()),
                        l == null ? "0" : Integer.toString(l.positives()), l == null ? "-" : f(l.auc()),
                        l == null ? "-" : f(l.mrr()), l == null ? "-" : f(l.hitsAtK())));
            }
        }
        return s.toString();
    }

    private static String rankingRow(String format, String name, RankingMetrics.Scores r) {
        return String.format(Locale.ROOT, format, name, r.positives(), f(r.auc()), f(r.mrr()), f(r.hitsAtK()));
    }

    private static String f(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    /** The report as indented JSON: {@code linkPrediction}, {@code nodeClassification}, {@code clustering}. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        if (linkPrediction != null) {
            LinkPrediction.Result lp = linkPrediction;
            ObjectNode n = root.putObject("linkPrediction");
            n.put("similarity", lp.similarity().name().toLowerCase(Locale.ROOT));
            n.put("vectors", "input");
            n.put("negativesPerEdge", lp.negativesPerEdge());
            n.put("skippedEdges", lp.skippedEdges());
            ranking(n.putObject("overall"), lp.overall());
            ObjectNode rel = n.putObject("byRelation");
            lp.byRelation().forEach((name, scores) -> ranking(rel.putObject(name), scores));
            ObjectNode chance = n.putObject("chance");
            number(chance, "auc", 0.5);
            number(chance, "mrr", lp.chanceMrr());
            number(chance, "hitsAtK", lp.chanceHits());
        }
        if (nodeClassification != null) {
            NodeClassification.Result nc = nodeClassification;
            ObjectNode n = root.putObject("nodeClassification");
            n.put("type", nc.type());
            n.put("nodes", nc.nodes());
            n.put("classes", nc.classes());
            n.put("stratified", nc.stratified());
            ArrayNode ratios = n.putArray("ratios");
            for (NodeClassification.RatioScores r : nc.ratios()) {
                ObjectNode o = ratios.addObject();
                number(o, "trainRatio", r.trainRatio());
                o.put("repeats", r.repeats());
                o.put("trainNodes", r.trainNodes());
                o.put("testNodes", r.testNodes());
                number(o, "microF1Mean", r.microF1Mean());
                number(o, "microF1Std", r.microF1Std());
                number(o, "macroF1Mean", r.macroF1Mean());
                number(o, "macroF1Std", r.macroF1Std());
            }
        }
        if (clustering != null) {
            Clustering.Result c = clustering;
            ObjectNode n = root.putObject("clustering");
            n.put("type", c.type());
            n.put("nodes", c.nodes());
            n.put("k", c.k());
            n.put("restarts", c.restarts());
            number(n, "nmi", c.nmi());
            n.put("nmiNormalisation", "arithmetic");
            number(n, "purity", c.purity());
            number(n, "inertia", c.inertia());
        }
        if (coldStart != null) {
            ObjectNode n = root.putObject("coldStart");
            n.put("type", coldStart.type());
            n.put("coldNodes", coldStart.coldNodes());
            n.put("classes", coldStart.classes());
            ArrayNode methods = n.putArray("methods");
            for (ColdStart.Scores m : coldStart.methods()) {
                ObjectNode o = methods.addObject();
                o.put("vectors", m.method());
                o.put("nodesWithVector", m.withVector());
                number(o, "microF1", m.microF1());
                number(o, "macroF1", m.macroF1());
                if (m.links() != null) {
                    ranking(o.putObject("links"), m.links());
                }
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of plain values always serialises
        }
    }

    private static void ranking(ObjectNode n, RankingMetrics.Scores r) {
        n.put("edges", r.positives());
        n.put("negatives", r.negatives());
        number(n, "auc", r.auc());
        number(n, "mrr", r.mrr());
        n.put("k", r.k());
        number(n, "hitsAtK", r.hitsAtK());
    }

    private static void number(ObjectNode n, String field, double x) {
        if (Double.isFinite(x)) {
            n.put(field, x);
        } else {
            n.putNull(field);
        }
    }
}
