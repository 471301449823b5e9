package org.heteroembed.nn.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterUpdate;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sparse writes to the rows of a {@code [rows, d]} table (parameters or gradients), for the layer and the trainers
 * that touch only a batch's rows. Rows may repeat: their contributions add up, as a gradient's must.
 */
public final class TableRows {
    private static final int[] ROW_DIMENSION = {1};

    private TableRows() {
    }

    /** {@code table[rows[i]] += values[i]} for every i (values {@code [rows, d]}, cast to the table's type). */
    public static void add(INDArray table, int[] rows, INDArray values) {
        if (rows.length > 0) {
            Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ADD, table, Nd4j.createFromArray(rows), values.castTo(table.dataType()),
                    ROW_DIMENSION);
        }
    }

    /** {@code table[rows[i]] = values[i]} for every i (rows distinct). */
    public static void assign(INDArray table, int[] rows, INDArray values) {
        if (rows.length > 0) {
            Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ASSIGN, table, Nd4j.createFromArray(rows), values.castTo(table.dataType()),
                    ROW_DIMENSION);
        }
    }

    /** Sets the given rows to zero. */
    public static void zero(INDArray table, int[] rows) {
        if (rows.length > 0) {
            assign(table, rows, Nd4j.zeros(table.dataType(), rows.length, table.size(1)));
        }
    }
}
