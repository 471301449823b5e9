package org.heteroembed.datavec;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Fills one skip-gram batch, pair by pair, in the layout of {@link SkipGramMultiDataSetIterator} (center type and
 * id [B,1]; context and negatives' types and ids [B,1+k]; labels [B,1+k] with 1 in column 0). Global node
 * indices are split into (type, local id) with the type offsets of the graph. The one place that layout is
 * written: the iterator and the Spark batch functions both use it. Not thread-safe; reusable after {@link #build()}.
 */
public final class SkipGramBatchBuilder {
    private final int[] typeOffsets; // per type, its first global index; then the node count
    private final int batchSize, k;
    private final DataType idType;
    private int[] centerType, centerId, targetType, targetId;
    private int n;

    /**
     * @param typeOffsets first global index of each node type, followed by the total node count
     *                    ({@code HeteroGraph.typeOffsets()})
     */
    public SkipGramBatchBuilder(int[] typeOffsets, int batchSize, int negatives, DataType idType) {
        if (batchSize < 1 || negatives < 0) {
            throw new IllegalArgumentException("need batchSize >= 1 and negatives >= 0, got " + batchSize + ", " + negatives);
        }
        this.typeOffsets = typeOffsets.clone();
        this.batchSize = batchSize;
        this.k = negatives;
        this.idType = idType;
        clear();
    }

    private void clear() {
        centerType = new int[batchSize];
        centerId = new int[batchSize];
        targetType = new int[batchSize * (k + 1)];
        targetId = new int[batchSize * (k + 1)];
        n = 0;
    }

    public boolean isFull() {
        return n == batchSize;
    }

    public boolean isEmpty() {
        return n == 0;
    }

    /** Adds one pair: global indices of the center, the context and its {@code k} negatives ({@code negatives[from..from+k)}). */
    public void add(int center, int context, int[] negatives, int from) {
        if (n == batchSize) {
            throw new IllegalStateException("the batch is full (" + batchSize + " pairs)");
        }
        int t = typeOf(center);
        centerType[n] = t;
        centerId[n] = center - typeOffsets[t];
        for (int j = 0; j <= k; j++) {
            int u = j == 0 ? context : negatives[from + j - 1];
            int tu = typeOf(u);
            targetType[n * (k + 1) + j] = tu;
            targetId[n * (k + 1) + j] = u - typeOffsets[tu];
        }
        n++;
    }

    /** The batch of the pairs added since the last build (possibly fewer than the batch size), then starts anew. */
    public MultiDataSet build() {
        if (n == 0) {
            throw new IllegalStateException("no pairs were added");
        }
        float[] labels = new float[n * (k + 1)];
        for (int p = 0; p < n; p++) {
            labels[p * (k + 1)] = 1f;
        }
        INDArray[] features = {
                ids(centerType, n, 1), ids(centerId, n, 1),
                ids(targetType, n, k + 1), ids(targetId, n, k + 1)};
        INDArray[] labelArrays = {Nd4j.create(labels, new long[]{n, k + 1}, DataType.FLOAT)};
        clear();
        return new org.nd4j.linalg.dataset.MultiDataSet(features, labelArrays);
    }

    private int typeOf(int global) {
        if (global < 0 || global >= typeOffsets[typeOffsets.length - 1]) {
            throw new IllegalArgumentException("node index " + global + " outside [0, " + typeOffsets[typeOffsets.length - 1] + ")");
        }
        int t = 0;
        while (global >= typeOffsets[t + 1]) {
            t++;
        }
        return t;
    }

    private INDArray ids(int[] values, int rows, int cols) {
        int[] used = values.length == rows * cols ? values : Arrays.copyOf(values, rows * cols);
        INDArray a = Nd4j.createFromArray(used).reshape(rows, cols);
        return idType == DataType.INT ? a : a.castTo(idType);
    }
}
