package org.heteroembed.cli;

import org.heteroembed.inference.EmbeddingExport;
import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.inference.NodeIdTables;
import org.heteroembed.inference.NodeInference;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code hetero-embed embed}: vectors for nodes a model has never seen, from their edges to nodes it has
 * ({@link NodeInference}), written as word2vec text like {@code export}. Nodes with unknown neighbours are reported
 * one line each; a node none of whose neighbours the model has gets no vector, and is reported, not fatal.
 */
@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Infer vectors for new nodes from their edges to the model's nodes, without retraining.",
                "--new-edges FILE: one edge of a new node per line, TYPE<TAB>ID<TAB>NEIGHBOUR_TYPE<TAB>NEIGHBOUR_ID "
                        + "(blank lines and lines starting with # are skipped); a repeated edge weighs more.",
                "fold-in (default): a few SGD steps of the skip-gram objective on the new vector alone, the model's "
                        + "tables unchanged; mean: the mean of the neighbours' vectors.",
                "OUT: word2vec text, a 'count dimension' line, then 'type:id v1 ... vd' per new node (as export)."})
final class EmbedCommand implements Callable<Integer> {
    /** Nodes reported one line each before the rest are only counted. */
    private static final int REPORTED = 10;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file, or a partitioned model directory (its tables are read into memory).")
    Path model;

    @Option(names = "--new-edges", required = true, paramLabel = "FILE", description = "The new nodes' edges (TSV, see above).")
    Path edges;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT", description = "The word2vec text file to write.")
    Path out;

    @Option(names = "--overwrite", description = Outputs.OVERWRITE_HELP)
    boolean overwrite;

    @Option(names = "--method", defaultValue = "fold-in", paramLabel = "fold-in|mean", description = "How a vector is inferred. Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--epochs", defaultValue = "20", paramLabel = "N", description = "Fold-in: passes over a node's neighbours. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--negatives", defaultValue = "5", paramLabel = "N", description = "Fold-in: negatives per neighbour. Default: ${DEFAULT-VALUE}.")
    int negatives;

    @Option(names = "--learning-rate", defaultValue = "0.025", paramLabel = "RATE", description = "Fold-in: the first step's rate, decaying linearly. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED", description = "Fold-in: the negatives' seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        NodeInference.Method m = switch (method) {
            case "fold-in" -> NodeInference.Method.FOLD_IN;
            case "mean" -> NodeInference.Method.MEAN;
            default -> throw new IllegalArgumentException("--method: '" + method + "' is not one of fold-in, mean");
        };
        PrintWriter pw = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Outputs.check(out, overwrite, model, edges);
        Map<HeteroEmbeddings.Node, List<HeteroEmbeddings.Node>> nodes = read(edges);
        NodeInference inference = NodeInference.load(model).foldIn(epochs, negatives, learningRate, seed);
        for (HeteroEmbeddings.Node n : nodes.keySet()) {
            if (!inference.types().contains(n.type())) {
                throw new IllegalArgumentException(edges + ": node type '" + n.type() + "' of " + n.type() + ":" + n.id()
                        + " is not in the model (" + inference.types() + ")");
            }
        }
        Map<String, List<String>> idsByType = new LinkedHashMap<>();
        Map<String, List<float[]>> vectorsByType = new LinkedHashMap<>();
        for (String t : inference.types()) {
            idsByType.put(t, new ArrayList<>());
            vectorsByType.put(t, new ArrayList<>());
        }
        int partial = 0, none = 0;
        for (Map.Entry<HeteroEmbeddings.Node, List<HeteroEmbeddings.Node>> e : nodes.entrySet()) {
            HeteroEmbeddings.Node n = e.getKey();
            NodeInference.Inferred r = inference.infer(n.type(), e.getValue(), m);
            String name = n.type() + ":" + n.id();
            if (r.vector() == null) {
                if (none++ < REPORTED) {
                    err.printf("%s: none of its %d neighbours is in the model (e.g. %s:%s): no vector%n", name,
                            e.getValue().size(), r.unknownNeighbours().get(0).type(), r.unknownNeighbours().get(0).id());
                }
                continue;
            }
            if (!r.unknownNeighbours().isEmpty() && partial++ < REPORTED) {
                err.printf("%s: %d of its %d neighbours are not in the model (e.g. %s:%s); inferred from the other %d%n",
                        name, r.unknownNeighbours().size(), e.getValue().size(), r.unknownNeighbours().get(0).type(),
                        r.unknownNeighbours().get(0).id(), r.knownNeighbours());
            }
            idsByType.get(n.type()).add(n.id());
            vectorsByType.get(n.type()).add(r.vector());
        }
        if (none > REPORTED || partial > REPORTED) {
            err.printf("(%d nodes without a known neighbour and %d with some unknown neighbours in all)%n", none, partial);
        }
        int written = nodes.size() - none;
        if (written == 0) {
            err.println("error: no node of " + edges + " has a neighbour in " + model + ": nothing written");
            return 1;
        }
        write(inference.types(), idsByType, vectorsByType, inference.dimension());
        pw.printf("wrote %,d vectors (%s) to %s; %,d nodes had no neighbour in the model%n", written, method, out, none);
        pw.flush();
        return 0;
    }

    /** The new nodes and their neighbours, in file order; a malformed line is an error naming it. */
    private static Map<HeteroEmbeddings.Node, List<HeteroEmbeddings.Node>> read(Path file) throws IOException {
        Map<HeteroEmbeddings.Node, List<HeteroEmbeddings.Node>> nodes = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 4 || java.util.Arrays.stream(f).anyMatch(String::isEmpty)) {
                    throw new IllegalArgumentException(file + ":" + no + ": expected TYPE<TAB>ID<TAB>NEIGHBOUR_TYPE<TAB>"
                            + "NEIGHBOUR_ID, got " + f.length + " field(s): '" + line + "'");
                }
                nodes.computeIfAbsent(new HeteroEmbeddings.Node(f[0], f[1]), k -> new ArrayList<>())
                        .add(new HeteroEmbeddings.Node(f[2], f[3]));
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(file + " has no edge");
        }
        return nodes;
    }

    /** The inferred vectors as word2vec text, through export's writer (atomic). */
    private void write(List<String> types, Map<String, List<String>> ids, Map<String, List<float[]>> vectors, int d)
            throws IOException {
        String[][] table = new String[types.size()][];
        int n = 0;
        for (int t = 0; t < types.size(); t++) {
            table[t] = ids.get(types.get(t)).toArray(new String[0]);
            n += table[t].length;
        }
        INDArray matrix = Nd4j.create(DataType.FLOAT, n, d);
        int row = 0;
        for (String t : types) {
            for (float[] v : vectors.get(t)) {
                matrix.putRow(row++, Nd4j.createFromArray(v));
            }
        }
        EmbeddingExport.word2vec(HeteroEmbeddings.of(new NodeIdTables(types.toArray(new String[0]), table), matrix, null),
                out);
    }
}
