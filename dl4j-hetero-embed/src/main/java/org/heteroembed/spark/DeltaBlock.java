package org.heteroembed.spark;

import java.io.Serializable;

/**
 * Changes to a block of table rows from one or more fast-engine tasks (rows sorted, all within one block of
 * {@link #BLOCK_ROWS} consecutive global indices): the summed change of each row's input and output vectors
 * ({@code [rows, d]}) and how many tasks changed it. Tasks emit one per block they touched; Spark merges the
 * blocks of a row range on the executors ({@link #merge}) so the driver receives each changed row once, in
 * records small enough for Spark's serializer buffers whatever the table size.
 *
 * <p>A class, not a record: Kryo (Spark's usual serializer) cannot build records.
 */
final class DeltaBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Rows per block: 4096 rows of d=128 are 4 MiB of changes. */
    static final int BLOCK_ROWS = 4096;
    private final int[] rows;
    private final float[] dIn;
    private final float[] dOut;
    private final int[] touches;

    DeltaBlock(int[] rows, float[] dIn, float[] dOut, int[] touches) {
        this.rows = rows;
        this.dIn = dIn;
        this.dOut = dOut;
        this.touches = touches;
    }

    int[] rows() {
        return rows;
    }

    float[] dIn() {
        return dIn;
    }

    float[] dOut() {
        return dOut;
    }

    int[] touches() {
        return touches;
    }

    long bytes() {
        return 8L * rows.length + 4L * dIn.length + 4L * dOut.length;
    }

    /** Both blocks' rows: changes of a row in both are added, and so are their task counts. */
    static DeltaBlock merge(DeltaBlock a, DeltaBlock b) {
        int d = a.rows.length > 0 ? a.dIn.length / a.rows.length : b.dIn.length / Math.max(1, b.rows.length);
        int n = 0;
        for (int i = 0, j = 0; i < a.rows.length || j < b.rows.length; n++) {
            if (j == b.rows.length || (i < a.rows.length && a.rows[i] < b.rows[j])) {
                i++;
            } else if (i == a.rows.length || b.rows[j] < a.rows[i]) {
                j++;
            } else {
                i++;
                j++;
            }
        }
        int[] rows = new int[n], touches = new int[n];
        float[] dIn = new float[n * d], dOut = new float[n * d];
        for (int i = 0, j = 0, k = 0; k < n; k++) {
            boolean fromA = j == b.rows.length || (i < a.rows.length && a.rows[i] <= b.rows[j]);
            boolean fromB = i == a.rows.length || (j < b.rows.length && b.rows[j] <= a.rows[i]);
            if (fromA) {
                rows[k] = a.rows[i];
                touches[k] += a.touches[i];
                System.arraycopy(a.dIn, i * d, dIn, k * d, d);
                System.arraycopy(a.dOut, i * d, dOut, k * d, d);
                i++;
            }
            if (fromB) {
                rows[k] = b.rows[j];
                touches[k] += b.touches[j];
                for (int x = 0; x < d; x++) {
                    dIn[k * d + x] += b.dIn[j * d + x];
                    dOut[k * d + x] += b.dOut[j * d + x];
                }
                j++;
            }
        }
        return new DeltaBlock(rows, dIn, dOut, touches);
    }
}
