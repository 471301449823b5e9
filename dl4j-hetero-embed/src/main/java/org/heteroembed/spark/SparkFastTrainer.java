package org.heteroembed.spark;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.nn.layers.HeteroEmbeddingLayerImpl;
import org.heteroembed.sampling.NegativeSampler;
import org.heteroembed.sampling.NodeFrequencies;
import org.heteroembed.sampling.SkipGramConfig;
import org.heteroembed.sampling.SkipGramPairGenerator;
import org.heteroembed.sampling.SkipGramWindows;
import org.heteroembed.train.fast.FloatRows;
import org.heteroembed.train.fast.WindowTrainer;
import org.heteroembed.walk.SplitMix64;
import org.heteroembed.walk.WalkChunk;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fast engine on Spark: rounds of local training with a row-delta merge, so communication grows with the
 * rows the tasks touch, not with the tables.
 *
 * <p>The walks stay on the executors (an RDD of {@link WalkBlock}s, made there by {@link SparkWalks}); each
 * partition's blocks are split into {@code roundsPerEpoch} slices. In a round, the driver ships every task the
 * rows its slice touches (its walks' nodes, plus a sample of nodes drawn from the global unigram^0.75 so that
 * negatives also come from outside the task's neighbourhood) with their current vectors, in a broadcast of its
 * own that only the executor running it fetches; the task trains them with the engine's {@link WindowTrainer}
 * on its slice (negatives drawn among the rows it holds, by the global counts), and emits the change of each
 * row in blocks of consecutive rows ({@link DeltaBlock}), which Spark merges per row range on the executors
 * before the driver reads them. The driver adds the changes to the network's tables: summed
 * ({@link Merge#SUM}, as if the tasks' updates had been applied one after another, Hogwild style) or averaged
 * per row over the tasks that changed it ({@link Merge#AVERAGE}, parameter averaging restricted to the rows
 * each task actually trained, so a row one task trained is not pulled back by the tasks that never saw it).
 *
 * <p>Tasks are pure functions of their inputs (seeded by partition, epoch and walk index), so a task Spark
 * re-runs after losing an executor returns the same change. The learning rate decays linearly over all
 * epochs, as word2vec's. The driver holds the tables (it is the parameter store) and, per round, the rows
 * shipped and returned.
 */
public final class SparkFastTrainer {
    private static final Logger log = LoggerFactory.getLogger(SparkFastTrainer.class);

    /** How the changes of tasks that trained the same row are combined. */
    public enum Merge {SUM, AVERAGE}

    private final int epochs;
    private final int roundsPerEpoch;
    private final double learningRate;
    private final double minLearningRate;
    private final Merge merge;
    private final double globalNegativeFraction;
    private final int minGlobalNegatives;

    /** The run's totals and rounds. */
    public record Result(List<RoundStats> rounds, long tokens, long pairs, double seconds) {
        public double pairsPerSecond() {
            return pairs / seconds;
        }

        public long bytesExchanged() {
            return rounds.stream().mapToLong(RoundStats::bytesExchanged).sum();
        }

        /** Token row updates on rows another partition owns, over all rounds (see {@link RoundStats}). */
        public double crossPartitionFraction() {
            double all = rounds.stream().mapToLong(RoundStats::tokens).sum();
            return all == 0 ? 0 : rounds.stream().mapToDouble(r -> r.crossPartitionFraction() * r.tokens()).sum() / all;
        }

        /** Changed rows owned by another partition, over all rounds (see {@link RoundStats}). */
        public double foreignRowFraction() {
            double changed = rounds.stream().mapToLong(RoundStats::rowsChanged).sum();
            return changed == 0 ? 0 : rounds.stream().mapToDouble(r -> r.foreignRowFraction() * r.rowsChanged()).sum() / changed;
        }
    }

    private SparkFastTrainer(Builder b) {
        this.epochs = b.epochs;
        this.roundsPerEpoch = b.roundsPerEpoch;
        this.learningRate = b.learningRate;
        this.minLearningRate = b.minLearningRate;
        this.merge = b.merge;
        this.globalNegativeFraction = b.globalNegativeFraction;
        this.minGlobalNegatives = b.minGlobalNegatives;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains {@code net}'s tables (one shared size) on {@code walks}, in place.
     *
     * @param walks     the corpus, persisted by the caller (it is read once per round)
     * @param counts    corpus node counts ({@link SparkWalks#countNodes})
     * @param ownership which partition owns which node, for the cross-partition statistics (e.g. the partition
     *                  the walks were grouped by with {@link SparkWalks#byStartPart}); null: hash ownership
     */
    public Result fit(JavaSparkContext sc, ComputationGraph net, GraphSource graph, JavaRDD<WalkBlock> walks,
                      SkipGramConfig sg, long[] counts, NodePartition ownership) {
        return fit(sc, net, graph, walks, sg, counts, ownership, null);
    }

    /** As above, calling {@code afterRound} on the driver after each round is merged (progress, checkpoints). */
    public Result fit(JavaSparkContext sc, ComputationGraph net, GraphSource graph, JavaRDD<WalkBlock> walks,
                      SkipGramConfig sg, long[] counts, NodePartition ownership, java.util.function.Consumer<RoundStats> afterRound) {
        INDArray[] tables = HeteroEmbeddingLayerImpl.find(net, false).sharedSizeTables("Spark fast training");
        HeteroGraph g = graph.graph();
        if (tables[0].rows() != g.numNodes() || counts.length != g.numNodes()) {
            throw new IllegalArgumentException("the model has " + tables[0].rows() + " rows, the counts " + counts.length
                    + ", the graph " + g.numNodes() + " nodes");
        }
        FloatRows in = new FloatRows(tables[0]), out = new FloatRows(tables[1]);
        int d = in.dim();
        int partitions = walks.getNumPartitions();
        NodePartition owners = ownership != null ? ownership : NodePartition.hash(g.numNodes(), partitions, 0);
        if (owners.parts() != partitions || owners.numNodes() != g.numNodes()) {
            throw new IllegalArgumentException("the ownership partition has " + owners.parts() + " parts over "
                    + owners.numNodes() + " nodes; the walks " + partitions + " partitions, the graph " + g.numNodes() + " nodes");
        }
        Broadcast<NodePartition> ownersB = sc.broadcast(owners);
        int rounds = roundsPerEpoch;
        // Once: each (partition, slice)'s distinct nodes and tokens (the driver learns the rows to ship).
        List<Tuple2<int[], long[]>> perPartition = walks.mapPartitionsWithIndex((p, it) -> {
            List<IntOpenHashSet> sets = new ArrayList<>();
            long[] tokens = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                sets.add(new IntOpenHashSet());
            }
            int block = 0;
            while (it.hasNext()) {
                WalkBlock b = it.next();
                int r = block++ % rounds;
                tokens[r] += b.tokens();
                for (int i = 0; i < b.tokens(); i++) {
                    sets.get(r).add(b.nodes()[i]);
                }
            }
            List<Tuple2<int[], long[]>> outList = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                int[] nodes = sets.get(r).toIntArray();
                Arrays.sort(nodes);
                outList.add(new Tuple2<>(nodes, new long[]{p, r, tokens[r]}));
            }
            return outList.iterator();
        }, true).collect();
        int[][][] vocab = new int[partitions][rounds][];
        long[] roundTokens = new long[rounds];
        long corpus = 0;
        for (Tuple2<int[], long[]> t : perPartition) {
            int p = (int) t._2()[0], r = (int) t._2()[1];
            vocab[p][r] = t._1();
            roundTokens[r] += t._2()[2];
            corpus += t._2()[2];
        }
        long planned = Math.max(1, corpus * epochs);
        NodeFrequencies frequencies = new NodeFrequencies(counts);
        NegativeSampler global = new NegativeSampler(g, frequencies, sg.negativeExponent(), sg.typeAwareNegatives());
        int[] typeOffsets = g.typeOffsets();
        long corpusTokens = frequencies.total();
        List<RoundStats> stats = new ArrayList<>();
        long done = 0, pairsDone = 0;
        long t0 = System.nanoTime();
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int r = 0; r < rounds; r++) {
                long rt0 = System.nanoTime();
                float lrStart = rate(done, planned), lrEnd = rate(done + roundTokens[r], planned);
                List<Broadcast<RowTask>> tasks = new ArrayList<>(partitions);
                long shipped = 0, shippedRows = 0;
                SplitMix64 rng = new SplitMix64(SplitMix64.seedFor(sg.seed(), 9, epoch * (long) rounds + r));
                for (int p = 0; p < partitions; p++) {
                    int[] rows = withGlobalNegatives(vocab[p][r], global, rng);
                    float[] inRows = new float[rows.length * d], outRows = new float[rows.length * d];
                    float[] buf = new float[d];
                    long[] rowCounts = new long[rows.length];
                    for (int i = 0; i < rows.length; i++) {
                        in.read(rows[i], buf);
                        System.arraycopy(buf, 0, inRows, i * d, d);
                        out.read(rows[i], buf);
                        System.arraycopy(buf, 0, outRows, i * d, d);
                        rowCounts[i] = counts[rows[i]];
                    }
                    RowTask task = new RowTask(p, epoch, r, rows, rowCounts, inRows, outRows, lrStart, lrEnd);
                    shipped += task.bytes();
                    shippedRows += rows.length;
                    // One broadcast per task: only the executor running task p fetches its rows (in 4 MB pieces,
                    // so no RPC or serializer limit caps a task's size).
                    tasks.add(sc.broadcast(task));
                }
                final int round = r;
                TaskCounters counters = new TaskCounters(sc);
                // Tasks emit their changes per block of rows; blocks of a row range merge on the executors.
                int mergePartitions = (int) Math.max(partitions, Math.min(100_000, shippedRows * 8L * d / (32 << 20)));
                Iterator<DeltaBlock> merged = walks.mapPartitionsWithIndex((p, blocks) ->
                                trainTask(blocks, tasks.get(p).value(), round, rounds, sg, typeOffsets, corpusTokens,
                                        ownersB.value(), counters), true)
                        .mapToPair(b -> new Tuple2<>(b.rows()[0] / DeltaBlock.BLOCK_ROWS, b))
                        .reduceByKey(DeltaBlock::merge, mergePartitions)
                        .values()
                        .toLocalIterator();
                RoundStats s = mergeDeltas(merged, counters, in, out, d, epoch, r, partitions, shipped, shippedRows, rt0);
                for (Broadcast<RowTask> b : tasks) {
                    b.destroy();
                }
                stats.add(s);
                if (afterRound != null) {
                    afterRound.accept(s);
                }
                done += roundTokens[r];
                pairsDone += s.pairs();
                log.info("epoch {} round {}: {} tasks, {} rows shipped, {} changed, {} KiB exchanged, {} of token updates cross-partition, lr {} -> {}",
                        epoch + 1, r + 1, partitions, shippedRows, s.rowsChanged(), s.bytesExchanged() / 1024,
                        String.format("%.3f", s.crossPartitionFraction()), lrStart, lrEnd);
            }
        }
        ownersB.destroy();
        return new Result(stats, done, pairsDone, (System.nanoTime() - t0) / 1e9);
    }

    private float rate(long tokensDone, long planned) {
        return (float) Math.max(minLearningRate, learningRate * (1 - (double) tokensDone / planned));
    }

    /** The task's walk nodes plus global negatives drawn by unigram^0.75 (sorted, distinct). */
    private int[] withGlobalNegatives(int[] walkNodes, NegativeSampler global, SplitMix64 rng) {
        if (walkNodes.length == 0) {
            return walkNodes;
        }
        int extra = Math.max(minGlobalNegatives, (int) Math.ceil(globalNegativeFraction * walkNodes.length));
        IntOpenHashSet rows = new IntOpenHashSet(walkNodes);
        for (int i = 0; i < extra; i++) {
            // type-aware sampling draws within a target's type: use a random walk node as the target
            rows.add(global.sample(walkNodes[rng.nextInt(walkNodes.length)], rng));
        }
        int[] sorted = rows.toIntArray();
        Arrays.sort(sorted);
        return sorted;
    }

    /** Spark accumulators for what the tasks did (a task Spark re-runs may count twice; the changes never do). */
    private static final class TaskCounters implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final org.apache.spark.util.LongAccumulator tokens, pairs, changedRows, foreignRows, foreignTokens, bytes;

        TaskCounters(JavaSparkContext sc) {
            tokens = sc.sc().longAccumulator();
            pairs = sc.sc().longAccumulator();
            changedRows = sc.sc().longAccumulator();
            foreignRows = sc.sc().longAccumulator();
            foreignTokens = sc.sc().longAccumulator();
            bytes = sc.sc().longAccumulator();
        }
    }

    /**
     * One task: trains its slice's walks on the rows it was shipped and returns their changes, one
     * {@link DeltaBlock} per block of rows. Runs on an executor.
     */
    private static Iterator<DeltaBlock> trainTask(Iterator<WalkBlock> blocks, RowTask task, int round, int rounds,
                                                  SkipGramConfig sg, int[] globalTypeOffsets, long corpusTokens,
                                                  NodePartition owners, TaskCounters counters) {
        int[] rows = task.rows();
        int n = rows.length;
        List<WalkChunk> slice = new ArrayList<>();
        int block = 0;
        long sliceTokens = 0, foreignTokens = 0;
        while (blocks.hasNext()) {
            WalkBlock b = blocks.next();
            if (block++ % rounds != round) {
                continue;
            }
            int[] local = new int[b.tokens()];
            for (int i = 0; i < local.length; i++) {
                if (owners.partOf(b.nodes()[i]) != task.partition()) {
                    foreignTokens++;
                }
                local[i] = Arrays.binarySearch(rows, b.nodes()[i]);
                if (local[i] < 0) {
                    throw new IllegalStateException("walk node " + b.nodes()[i] + " was not shipped to task " + task.partition());
                }
            }
            slice.add(new WalkChunk(b.firstWalk(), b.size(), b.offsets(), local));
            sliceTokens += local.length;
        }
        if (n == 0 || slice.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        int d = task.in().length / n;
        // Local index space: rows sorted by global index, so each type's rows are still contiguous.
        int types = globalTypeOffsets.length - 1;
        int[] localOffsets = new int[types + 1];
        for (int t = 0; t <= types; t++) {
            int pos = Arrays.binarySearch(rows, globalTypeOffsets[t]);
            localOffsets[t] = pos >= 0 ? pos : -pos - 1;
        }
        localOffsets[types] = n;
        NodeFrequencies localCounts = new NodeFrequencies(task.counts());
        NegativeSampler negatives = new NegativeSampler(localOffsets, localCounts, sg.negativeExponent(), sg.typeAwareNegatives());
        SkipGramWindows windows = new SkipGramWindows(sg.window(), SkipGramPairGenerator.keepProbabilities(sg, localCounts, corpusTokens));
        INDArray inTable = Nd4j.create(task.in().clone(), new long[]{n, d}, DataType.FLOAT);
        INDArray outTable = Nd4j.create(task.out().clone(), new long[]{n, d}, DataType.FLOAT);
        // The seed depends on the partition too: tasks of one round draw independently.
        SkipGramConfig seeded = sg.toBuilder().seed(SplitMix64.seedFor(sg.seed(), 11, task.partition())).build();
        WindowTrainer trainer = new WindowTrainer(new FloatRows(inTable), new FloatRows(outTable), negatives, windows, seeded,
                task.epoch(), new DoubleAdder(), new LongAdder());
        long pairs = 0, tokens = 0;
        for (WalkChunk c : slice) {
            float lr = task.lrStart() + (task.lrEnd() - task.lrStart()) * (float) ((double) tokens / sliceTokens);
            pairs += trainer.train(c, lr);
            tokens += c.totalNodes();
        }
        float[] newIn = inTable.data().asFloat(), newOut = outTable.data().asFloat();
        int changed = 0;
        boolean[] moved = new boolean[n];
        for (int i = 0; i < n; i++) {
            for (int j = i * d; j < (i + 1) * d; j++) {
                if (newIn[j] != task.in()[j] || newOut[j] != task.out()[j]) {
                    moved[i] = true;
                    changed++;
                    break;
                }
            }
        }
        counters.tokens.add(tokens);
        counters.pairs.add(pairs);
        counters.changedRows.add(changed);
        counters.foreignTokens.add(foreignTokens);
        List<DeltaBlock> out = new ArrayList<>();
        int[] rowsOut = new int[Math.min(changed, DeltaBlock.BLOCK_ROWS)];
        int count = 0, rowBlock = -1;
        long foreign = 0, bytes = 0;
        float[] dIn = new float[rowsOut.length * d], dOut = new float[rowsOut.length * d];
        for (int i = 0; i <= n; i++) {
            boolean end = i == n;
            if (!end && !moved[i]) {
                continue;
            }
            int b = end ? -2 : rows[i] / DeltaBlock.BLOCK_ROWS;
            if ((b != rowBlock || end) && count > 0) { // close the current block
                int[] touches = new int[count];
                java.util.Arrays.fill(touches, 1);
                DeltaBlock db = new DeltaBlock(java.util.Arrays.copyOf(rowsOut, count), java.util.Arrays.copyOf(dIn, count * d),
                        java.util.Arrays.copyOf(dOut, count * d), touches);
                bytes += db.bytes();
                out.add(db);
                count = 0;
            }
            if (end) {
                break;
            }
            rowBlock = b;
            if (owners.partOf(rows[i]) != task.partition()) {
                foreign++;
            }
            rowsOut[count] = rows[i];
            for (int j = 0; j < d; j++) {
                dIn[count * d + j] = newIn[i * d + j] - task.in()[i * d + j];
                dOut[count * d + j] = newOut[i * d + j] - task.out()[i * d + j];
            }
            count++;
        }
        counters.foreignRows.add(foreign);
        counters.bytes.add(bytes);
        return out.iterator();
    }

    /** Adds the merged changes to the tables (summed, or averaged per row) and counts what moved. */
    private RoundStats mergeDeltas(Iterator<DeltaBlock> merged, TaskCounters counters, FloatRows in, FloatRows out, int d,
                                   int epoch, int round, int tasks, long shipped, long shippedRows, long t0) {
        long shared = 0, received = 0;
        float[] rowIn = new float[d], rowOut = new float[d];
        while (merged.hasNext()) {
            DeltaBlock b = merged.next();
            received += b.bytes();
            for (int i = 0; i < b.rows().length; i++) {
                int row = b.rows()[i];
                int k = b.touches()[i];
                if (k > 1) {
                    shared += k;
                }
                float scale = merge == Merge.AVERAGE ? 1f / k : 1f;
                in.read(row, rowIn);
                out.read(row, rowOut);
                for (int j = 0; j < d; j++) {
                    rowIn[j] += scale * b.dIn()[i * d + j];
                    rowOut[j] += scale * b.dOut()[i * d + j];
                }
                in.write(row, rowIn);
                out.write(row, rowOut);
            }
        }
        // The accumulators are complete once the merged blocks have been read (their job has finished).
        long changed = counters.changedRows.value(), tokens = counters.tokens.value();
        double cross = tokens == 0 ? 0 : (double) counters.foreignTokens.value() / tokens;
        double foreignRows = changed == 0 ? 0 : (double) counters.foreignRows.value() / changed;
        double sharedFraction = changed == 0 ? 0 : (double) shared / changed;
        return new RoundStats(epoch, round, tasks, shippedRows, changed, shipped,
                counters.bytes.value(), received, cross, foreignRows, sharedFraction, tokens, counters.pairs.value(),
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Builder. Defaults: 1 epoch in 4 rounds, word2vec's rate (0.025 decaying to 0.025e-4), summed changes, and
     * global negatives worth 10% of a task's walk rows (at least 256).
     */
    public static final class Builder {
        private int epochs = 1;
        private int roundsPerEpoch = 4;
        private double learningRate = 0.025;
        private double minLearningRate = 0.025 * 1e-4;
        private Merge merge = Merge.SUM;
        private double globalNegativeFraction = 0.1;
        private int minGlobalNegatives = 256;

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Merges per pass over the walks: more rounds, fresher rows for every task, more traffic. */
        public Builder roundsPerEpoch(int rounds) {
            this.roundsPerEpoch = rounds;
            return this;
        }

        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        public Builder minLearningRate(double lr) {
            this.minLearningRate = lr;
            return this;
        }

        public Builder merge(Merge merge) {
            this.merge = merge;
            return this;
        }

        /**
         * Extra rows per task drawn from the global unigram^0.75, as a fraction of its walk rows (with a minimum):
         * negatives from outside the task's neighbourhood, which a locality partition would otherwise lack.
         */
        public Builder globalNegatives(double fraction, int minimum) {
            this.globalNegativeFraction = fraction;
            this.minGlobalNegatives = minimum;
            return this;
        }

        public SparkFastTrainer build() {
            if (epochs < 1 || roundsPerEpoch < 1) {
                throw new IllegalArgumentException("need epochs >= 1 and roundsPerEpoch >= 1, got " + epochs + ", " + roundsPerEpoch);
            }
            if (!(learningRate > 0) || !(minLearningRate >= 0) || minLearningRate > learningRate) {
                throw new IllegalArgumentException("need learningRate > 0 and 0 <= minLearningRate <= learningRate");
            }
            if (merge == null || !(globalNegativeFraction >= 0) || minGlobalNegatives < 0) {
                throw new IllegalArgumentException("need a merge mode and non-negative global negatives");
            }
            return new SparkFastTrainer(this);
        }
    }
}
