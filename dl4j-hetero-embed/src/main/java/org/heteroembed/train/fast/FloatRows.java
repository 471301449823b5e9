package org.heteroembed.train.fast;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Direct access from Java to the rows of a row-major FLOAT {@code [n, d]} ND4J array (a view of a network's
 * parameters), without copying it: the array's native memory is wrapped in direct {@link FloatBuffer}s,
 * one per chunk of {@code 2^k} rows so that no buffer exceeds 2^31 bytes (tables of more than 2^31 floats
 * work) and a row never straddles two buffers. Rows are read and written with bulk copies into Java arrays,
 * on which the arithmetic loops compile to SIMD code. No locks: concurrent writers race per float, as
 * Hogwild training intends.
 */
public final class FloatRows {
    private final FloatBuffer[] chunks;
    private final int rowShift;
    private final int rowMask;
    private final int dim;
    private final long rows;
    /** Per row, the fraction of an update that is applied (a warm start's old rows: 0 frozen), or null: all of it. */
    private final float[] rates;

    public FloatRows(INDArray table) {
        this(table, Integer.MAX_VALUE);
    }

    /** With chunks of at most {@code maxChunkBytes} (tests use small chunks to cross chunk boundaries). */
    FloatRows(INDArray table, long maxChunkBytes) {
        this(checkedAddress(table), table.size(0), (int) table.size(1), maxChunkBytes);
    }

    /**
     * Rows in native memory the caller owns (e.g. a partition's rows in a buffer slot): {@code rows x dim} floats,
     * row-major, at an absolute address. The memory must outlive this object.
     */
    public static FloatRows at(long address, long rows, int dim) {
        return new FloatRows(address, rows, dim, Integer.MAX_VALUE);
    }

    private FloatRows(long base, long rows, int dim, long maxChunkBytes) {
        if (rows < 0 || dim < 1) {
            throw new IllegalArgumentException("need rows >= 0 and dim >= 1, got " + rows + " x " + dim);
        }
        this.rows = rows;
        this.dim = dim;
        long maxRowsPerChunk = Math.max(1, (Math.min(maxChunkBytes, Integer.MAX_VALUE) / Float.BYTES) / dim);
        this.rowShift = 63 - Long.numberOfLeadingZeros(maxRowsPerChunk);
        this.rowMask = (1 << rowShift) - 1;
        int count = (int) ((rows + rowMask) >>> rowShift);
        this.rates = null;
        this.chunks = new FloatBuffer[Math.max(count, 0)];
        for (int c = 0; c < chunks.length; c++) {
            long firstRow = (long) c << rowShift;
            long n = Math.min(1L << rowShift, rows - firstRow);
            chunks[c] = bytes(base + firstRow * dim * Float.BYTES, n * dim * Float.BYTES).asFloatBuffer();
        }
    }

    /** The address of a table's first element, after checking it is a contiguous row-major FLOAT [n, d] host array. */
    private FloatRows(FloatRows rows, float[] rates) {
        this.chunks = rows.chunks;
        this.rowShift = rows.rowShift;
        this.rowMask = rows.rowMask;
        this.dim = rows.dim;
        this.rows = rows.rows;
        this.rates = rates;
    }

    /**
     * The same rows, with a per-row rate: the trainers apply {@code rates[r]} of each update to row {@code r} (1: all
     * of it; 0: the row stays as it is). How a warm start trains the nodes it kept more slowly, or not at all.
     *
     * @param rates one per row, in [0, 1], or null for all 1
     */
    public FloatRows withRates(float[] rates) {
        if (rates != null && rates.length != this.rows) {
            throw new IllegalArgumentException(rates.length + " row rates for " + this.rows + " rows");
        }
        return new FloatRows(this, rates);
    }

    /** The fraction of an update row {@code r} takes (see {@link #withRates}). */
    public float rate(long r) {
        return rates == null ? 1f : rates[(int) r];
    }

    private static long checkedAddress(INDArray table) {
        if (Nd4j.getExecutioner().getClass().getName().toLowerCase(java.util.Locale.ROOT).contains("cuda")) {
            throw new IllegalStateException("the fast engine runs on ND4J's CPU backend (it writes the parameters' host "
                    + "memory); with CUDA, train through DL4J's fit()");
        }
        if (table.dataType() != DataType.FLOAT || table.rank() != 2 || table.ordering() != 'c'
                || table.stride(1) != 1 || table.stride(0) != table.size(1)) {
            throw new IllegalArgumentException("need a contiguous row-major FLOAT [n, d] array, got " + table.dataType()
                    + " " + table.shapeInfoToString());
        }
        // Absolute addresses, not JavaCPP positions: positions past 2^31 bytes overflow inside asByteBuffer.
        return table.data().pointer().address() + table.offset() * Float.BYTES;
    }

    /**
     * A native-order byte buffer over {@code bytes} (at most 2^31 - 1) bytes of native memory at an absolute address,
     * for bulk copies and file I/O. The memory stays owned by whoever allocated it.
     */
    public static java.nio.ByteBuffer bytes(long address, long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a byte buffer holds at most 2^31 - 1 bytes, asked for " + bytes);
        }
        return new Region(address, bytes / Float.BYTES).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    /** A pointer to {@code floats} floats at an absolute address (the memory stays owned by the ND4J array). */
    private static final class Region extends FloatPointer {
        Region(long address, long floats) {
            this.address = address;
            this.position = 0;
            this.limit = floats;
            this.capacity = floats;
        }
    }

    public long rows() {
        return rows;
    }

    public int dim() {
        return dim;
    }

    /** Copies row {@code r} into {@code dst[0..d)}. */
    public void read(long r, float[] dst) {
        chunks[(int) (r >>> rowShift)].get((int) (r & rowMask) * dim, dst, 0, dim);
    }

    /** Copies {@code src[0..d)} into row {@code r}. */
    public void write(long r, float[] src) {
        chunks[(int) (r >>> rowShift)].put((int) (r & rowMask) * dim, src, 0, dim);
    }
}
