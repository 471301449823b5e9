package org.heteroembed.cli;

import org.heteroembed.inference.ApproximateNearest;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.HeteroEmbeddings.Measure;
import org.heteroembed.inference.HeteroEmbeddings.Neighbour;
import org.heteroembed.inference.HnswParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code hetero-embed nearest}: the k nearest nodes of a node, as a table, by cosine or the raw dot product: through
 * {@link HeteroEmbeddings#nearest} (exact, blocked matrix products), or with {@code --approximate} through
 * {@link HeteroEmbeddings#approximate} (an HNSW index of the target type). The query node itself is never listed.
 */
@Command(name = "nearest", mixinStandardHelpOptions = true,
        description = {"Print the k nearest nodes of a node (of the target type, default its own type) with their similarity.",
                "The query node itself is left out of its list. Exact search over all nodes of the target type, or with "
                        + "--approximate an HNSW index of the target type (for many queries over large types)."})
final class NearestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file written by train (or spark-train, search), or a partitioned model directory.")
    Path model;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "Node type of the query node(s).")
    String type;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "Id of the query node; repeat for several (one table each).")
    List<String> ids;

    @Option(names = "-k", defaultValue = "10", paramLabel = "K", description = "Neighbours to print. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--target-type", paramLabel = "TYPE", description = "Type of the neighbours. Default: the query's --type.")
    String targetType;

    @Option(names = "--similarity", defaultValue = "cosine", paramLabel = "cosine|dot",
            description = "cosine (of the vectors) or dot (their raw dot product, which favours long vectors, i.e. "
                    + "frequent nodes). cosine by default (eval's default is dot): nearest asks which nodes are alike, "
                    + "and with dot the frequent nodes fill every list; dot ranks as eval scores edges, e.g. the articles "
                    + "a user is likeliest to click (README, step 3). Default: ${DEFAULT-VALUE}.")
    String similarity;

    @Option(names = "--approximate", description = "Search an HNSW index of the target type instead of every row: much "
            + "faster on types of hundreds of thousands of nodes and more, with a few true neighbours missed (recall@10 in "
            + "BENCHMARKS.md). The index is built on first use (a progress bar for large types) and saved beside the model "
            + "(MODEL.hnsw-TYPE.idx; hnsw-TYPE.idx inside a model directory; .dot.idx for --similarity dot); later runs "
            + "read it, and rebuild it when the model's vectors changed or --hnsw-m / --hnsw-ef-construction differ. "
            + "Default: exact search.")
    boolean approximate;

    @Option(names = "--hnsw-m", paramLabel = "M", description = "With --approximate: links per node and layer of the index "
            + "(more: better recall, a larger index, a slower build). Default: " + HnswParameters.DEFAULT_M + ".")
    Integer hnswM;

    @Option(names = "--hnsw-ef-construction", paramLabel = "N", description = "With --approximate: candidates considered "
            + "when a node is linked into the index (more: better recall, a slower build). Default: "
            + HnswParameters.DEFAULT_EF_CONSTRUCTION + ".")
    Integer hnswEfConstruction;

    @Option(names = "--hnsw-ef", paramLabel = "N", description = "With --approximate: candidates kept during a search "
            + "(more: better recall, slower queries; no rebuild needed). Default: " + HnswParameters.DEFAULT_EF + ".")
    Integer hnswEf;

    @Mixin
    LabelOptions labels;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (k < 1) {
            throw new IllegalArgumentException("-k must be >= 1, got " + k);
        }
        if (!similarity.equals("cosine") && !similarity.equals("dot")) {
            throw new IllegalArgumentException("--similarity: '" + similarity + "' is not one of cosine, dot");
        }
        HnswParameters hnsw = hnswParameters();
        PrintWriter pw = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        HeteroEmbeddings e = ModelArgs.load(model, labels, err);
        String target = targetType == null ? type : targetType;
        ModelArgs.checkType(e, model, "--type", type);
        ModelArgs.checkType(e, model, "--target-type", target);
        for (String id : ids) {
            ModelArgs.checkId(e, model, type, id);
        }
        Function<String, String> queryLabels = labels.given() ? labels.labelsOf(e, type, err) : null;
        Function<String, String> targetLabels = !labels.given() ? null
                : target.equals(type) ? queryLabels : labels.labelsOf(e, target, err);

        List<List<Neighbour>> lists;
        String how = similarity;
        if (hnsw != null) {
            ApproximateNearest ann = e.approximate(hnsw, new IndexBuildProgress(err, hnsw));
            lists = ann.nearest(type, ids, k, target, similarity.equals("cosine") ? Measure.COSINE : Measure.DOT);
            how += " similarity (approximate, HNSW ef=" + hnsw.ef() + ")";
        } else {
            lists = e.nearest(type, ids, k, target, similarity.equals("cosine") ? Measure.COSINE : Measure.DOT);
            how += " similarity";
        }
        for (int q = 0; q < ids.size(); q++) {
            if (q > 0) {
                pw.println();
            }
            String id = ids.get(q);
            String queryLabel = queryLabels == null ? null : queryLabels.apply(id);
            pw.printf("%d nearest %s nodes to %s %s%s by %s:%n", lists.get(q).size(), target, type, id,
                    queryLabel == null ? "" : " (label " + queryLabel + ")", how);
            printTable(pw, lists.get(q), targetLabels);
        }
        pw.flush();
        return 0;
    }

    /**
     * The HNSW settings with {@code --approximate} (the defaults where no flag is given); null for exact search.
     *
     * @throws picocli.CommandLine.ParameterException (exit 2) for an --hnsw flag without --approximate or out of range
     */
    private HnswParameters hnswParameters() {
        if (!approximate) {
            for (String flag : new String[]{hnswM != null ? "--hnsw-m" : null, hnswEfConstruction != null
                    ? "--hnsw-ef-construction" : null, hnswEf != null ? "--hnsw-ef" : null}) {
                if (flag != null) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), flag + " needs --approximate");
                }
            }
            return null;
        }
        try {
            return new HnswParameters(hnswM != null ? hnswM : HnswParameters.DEFAULT_M,
                    hnswEfConstruction != null ? hnswEfConstruction : HnswParameters.DEFAULT_EF_CONSTRUCTION,
                    hnswEf != null ? hnswEf : HnswParameters.DEFAULT_EF);
        } catch (IllegalArgumentException e) { // name the flag rather than the setting
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage()
                    .replace("HNSW M ", "--hnsw-m ").replace("HNSW efConstruction ", "--hnsw-ef-construction ")
                    .replace("HNSW ef ", "--hnsw-ef "));
        }
    }

    /** One row per neighbour: rank, type, id, similarity and, with labels, the label ("-" when none). */
    static void printTable(PrintWriter pw, List<Neighbour> list, Function<String, String> labelOf) {
        int typeWidth = "type".length(), idWidth = "id".length();
        for (Neighbour n : list) {
            typeWidth = Math.max(typeWidth, n.type().length());
            idWidth = Math.max(idWidth, n.id().length());
        }
        String row = "%4s  %-" + typeWidth + "s  %-" + idWidth + "s  %10s" + (labelOf == null ? "" : "  %s") + "%n";
        pw.printf(row, "rank", "type", "id", "similarity", "label");
        int rank = 1;
        for (Neighbour n : list) {
            String label = labelOf == null ? null : labelOf.apply(n.id());
            pw.printf(row, rank++, n.type(), n.id(), String.format("%.4f", n.similarity()), label == null ? "-" : label);
        }
    }
}
