package org.heteroembed.search.examples;

import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * Arbiter {@link DataSource} of the classifier example: the users of a planted graph and their communities,
 * as {@code (nodeType, nodeId) -> one-hot community} batches, a seeded 70/30 split. Arbiter creates data
 * sources by class with a no-argument constructor and {@link Properties}; the planted generator fixes every
 * user's community ({@code local id mod communities}), so the labels follow from the graph's configuration
 * without generating the graph again.
 */
public final class UserCommunities implements DataSource {
    private static final long serialVersionUID = 1L;
    static final String EDGES = "edges", SEED = "seed", USER_TYPE = "userType", TRAIN_FRACTION = "trainFraction",
            BATCH = "batchSize";

    private int userType;
    private int users;
    private int classes;
    private int batch;
    private int[] order;
    private int train;

    public UserCommunities() {
        // configured by Arbiter through configure(Properties)
    }

    static Properties properties(long edges, long seed, int userType, double trainFraction, int batchSize) {
        Properties p = new Properties();
        p.setProperty(EDGES, Long.toString(edges));
        p.setProperty(SEED, Long.toString(seed));
        p.setProperty(USER_TYPE, Integer.toString(userType));
        p.setProperty(TRAIN_FRACTION, Double.toString(trainFraction));
        p.setProperty(BATCH, Integer.toString(batchSize));
        return p;
    }

    @Override
    public void configure(Properties p) {
        long seed = Long.parseLong(p.getProperty(SEED));
        PlantedGraphConfig config = PlantedGraphConfig.forEdges(Long.parseLong(p.getProperty(EDGES)), seed);
        users = config.users();
        classes = config.communities();
        userType = Integer.parseInt(p.getProperty(USER_TYPE));
        batch = Integer.parseInt(p.getProperty(BATCH));
        order = new int[users];
        for (int i = 0; i < users; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = users - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        train = (int) (users * Double.parseDouble(p.getProperty(TRAIN_FRACTION)));
    }

    @Override
    public Object trainData() {
        return new Batches(batches(0, train));
    }

    @Override
    public Object testData() {
        return new Batches(batches(train, users));
    }

    @Override
    public Class<?> getDataType() {
        return MultiDataSetIterator.class;
    }

    private List<MultiDataSet> batches(int from, int to) {
        List<MultiDataSet> out = new ArrayList<>();
        for (int start = from; start < to; start += batch) {
            int n = Math.min(batch, to - start);
            INDArray types = Nd4j.zeros(DataType.INT32, n, 1).addi(userType);
            INDArray ids = Nd4j.zeros(DataType.INT32, n, 1);
            INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
            for (int i = 0; i < n; i++) {
                int user = order[start + i];
                ids.putScalar(i, 0, user);
                y.putScalar(i, user % classes, 1f);
            }
            out.add(new MultiDataSet(new INDArray[]{types, ids}, new INDArray[]{y}));
        }
        return out;
    }

    /** A resettable iterator over ready batches (fit() resets it every epoch). */
    private static final class Batches implements MultiDataSetIterator {
        private final List<MultiDataSet> batches;
        private MultiDataSetPreProcessor preProcessor;
        private int next;

        Batches(List<MultiDataSet> batches) {
            this.batches = batches;
        }

        @Override
        public boolean hasNext() {
            return next < batches.size();
        }

        @Override
        public MultiDataSet next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            MultiDataSet m = batches.get(next++);
            if (preProcessor != null) {
                preProcessor.preProcess(m);
            }
            return m;
        }

        @Override
        public MultiDataSet next(int num) {
            return next();
        }

        @Override
        public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
            this.preProcessor = preProcessor;
        }

        @Override
        public MultiDataSetPreProcessor getPreProcessor() {
            return preProcessor;
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            next = 0;
        }
    }
}
