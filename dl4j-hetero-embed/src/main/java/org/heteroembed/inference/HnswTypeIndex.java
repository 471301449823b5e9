package org.heteroembed.inference;

import com.github.jelmerk.hnswlib.core.DistanceFunction;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.ObjectSerializer;
import com.github.jelmerk.hnswlib.core.ProgressListener;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import org.heteroembed.graph.io.AtomicFiles;
import org.heteroembed.inference.HeteroEmbeddings.Measure;
import org.heteroembed.train.fast.VectorMath;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One HNSW index (hnswlib-core's {@link HnswIndex}) over the rows of one node type, for one {@link Measure}, and its
 * file. Items are the rows' local indices with their vectors, and the distance is {@code 1 - u.v} (the library's inner
 * product distance, on the fast engine's SIMD dot product):
 * <ul>
 *   <li>COSINE: the rows divided by their norms, so the distance is {@code 1 - cosine};</li>
 *   <li>DOT: the raw rows, searched by inner product directly as hnswlib's {@code ip} space does ("ip-NSW", Morozov and
 *   Babenko 2018). Measured on planted vectors of varied norms it keeps recall@10 at 1.0 where the reduction to cosine
 *   by one added component (Bachrach et al. 2014) reached 0.93 with the same ef.</li>
 * </ul>
 * Scores are recomputed from the query and the returned items in double precision, so they are the cosine or the dot
 * product as exact search reports them, up to float rounding.
 *
 * <p>The file: a header (magic, format, type, measure, rows, dimension, M, efConstruction, the fingerprint of the
 * type's rows it was built from) and then the library's own serialised index (Java serialisation with our item
 * serialisers: rows as raw floats). A file whose header does not match the model's rows or the asked parameters is not
 * used; neither is one that does not read. Written atomically (temporary file, then rename). Like the model file, an
 * index file is trusted: Java deserialisation reads it.
 */
final class HnswTypeIndex {
    static final long MAGIC = 0x4845484E53573031L; // "HEHNSW01"
    static final int FORMAT = 1;

    /** What an index was built from and with; two headers equal means the index answers for these rows. */
    record Header(String type, Measure measure, int rows, int dim, int m, int efConstruction, long fingerprint) {
        /** Why an index with this header cannot serve {@code wanted}; null when it can. */
        String mismatch(Header wanted) {
            if (!type.equals(wanted.type) || measure != wanted.measure) {
                return "it indexes " + type + " by " + measure + ", not " + wanted.type + " by " + wanted.measure;
            }
            if (rows != wanted.rows || dim != wanted.dim || fingerprint != wanted.fingerprint) {
                return "stale: the model's " + type + " vectors changed since it was built";
            }
            if (m != wanted.m || efConstruction != wanted.efConstruction) {
                return String.format("parameters differ: built with M=%d, efConstruction=%d; asked for M=%d, efConstruction=%d",
                        m, efConstruction, wanted.m, wanted.efConstruction);
            }
            return null;
        }
    }

    /** A scored row of the type: its local index and its cosine or dot product with the query. */
    record Candidate(int local, double score) {
    }

    /** An index read from a file, or why the file cannot serve (then {@code index} is null). */
    record Opened(HnswTypeIndex index, String reason) {
    }

    private final Header header;
    private final HnswIndex<Integer, float[], Row, Float> index;

    private HnswTypeIndex(Header header, HnswIndex<Integer, float[], Row, Float> index) {
        this.header = header;
        this.index = index;
        // The library searches with max(its ef, the k asked); each search asks for max(ef, need) itself (search), so
        // that ef is a per-search setting and any index serves any ef.
        index.setEf(1);
    }

    Header header() {
        return header;
    }

    /**
     * Builds the index over rows {@code [0, header.rows())} of the type, read in blocks, with the header's M and
     * efConstruction.
     *
     * @param threads  threads adding items
     * @param progress told the rows added so far, every {@code progressEvery} rows and at the end (from the threads)
     */
    static HnswTypeIndex build(Header header, HeteroEmbeddings e, int threads, ProgressListener progress, int progressEvery)
            throws InterruptedException {
        int n = header.rows(), d = header.dim(), step = e.blockRows(), t = e.types().indexOf(header.type());
        List<Row> items = new ArrayList<>(n);
        for (int from = 0; from < n; from += step) {
            float[] block = e.flatRows(t, from, Math.min(n, from + step));
            for (int i = 0; i * d < block.length; i++) {
                float[] row = java.util.Arrays.copyOfRange(block, i * d, (i + 1) * d);
                items.add(new Row(from + i, header.measure() == Measure.COSINE ? unit(row) : row));
            }
        }
        HnswIndex<Integer, float[], Row, Float> index = HnswIndex
                .newBuilder(header.dim(), new InnerProductDistance(), Math.max(1, n))
                .withM(header.m()).withEfConstruction(header.efConstruction())
                .withCustomSerializers(new IdSerializer(), new RowSerializer())
                .build();
        index.addAll(items, Math.max(1, threads), progress, Math.max(1, progressEvery));
        return new HnswTypeIndex(header, index);
    }

    /** {@code v / |v|} (zeros for a zero vector, as exact search's normalisation gives). */
    private static float[] unit(float[] v) {
        double sq = 0;
        for (float x : v) {
            sq += (double) x * x;
        }
        double norm = Math.sqrt(sq) + 1e-12;
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = (float) (v[i] / norm);
        }
        return u;
    }

    /**
     * The rows nearest to {@code query} (a raw vector of the model's dimension), best first: at least
     * {@code min(need, rows)} of them when the graph reaches them, searching with {@code max(ef, need)} candidates.
     */
    List<Candidate> search(float[] query, int need, int ef) {
        float[] q = header.measure() == Measure.COSINE ? unit(query) : query;
        List<SearchResult<Row, Float>> found = index.findNearest(q, Math.max(ef, need));
        List<Candidate> out = new ArrayList<>(found.size());
        for (SearchResult<Row, Float> r : found) {
            float[] v = r.item().vector;
            double s = 0;
            for (int i = 0; i < v.length; i++) {
                s += (double) q[i] * v[i];
            }
            out.add(new Candidate(r.item().local, s));
        }
        out.sort((a, b) -> Double.compare(b.score(), a.score()));
        return out;
    }

    /** Writes header and index to {@code file} atomically. */
    void save(Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                DataOutputStream out = new DataOutputStream(os);
                out.writeLong(MAGIC);
                out.writeInt(FORMAT);
                out.writeUTF(header.type());
                out.writeUTF(header.measure().name());
                out.writeInt(header.rows());
                out.writeInt(header.dim());
                out.writeInt(header.m());
                out.writeInt(header.efConstruction());
                out.writeLong(header.fingerprint());
                out.flush();
                index.save(os); // closes os
            }
        });
    }

    /**
     * Reads the index in {@code file} if its header matches {@code wanted}; otherwise (or when the file is missing,
     * truncated or not an index) says why, without reading the index itself.
     */
    static Opened open(Path file, Header wanted) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readLong() != MAGIC) {
                return new Opened(null, "not an index file");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                return new Opened(null, "format " + format + ", this version reads " + FORMAT);
            }
            String type = in.readUTF();
            Measure measure = Measure.valueOf(in.readUTF());
            Header found = new Header(type, measure, in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readLong());
            String mismatch = found.mismatch(wanted);
            if (mismatch != null) {
                return new Opened(null, mismatch);
            }
            HnswIndex<Integer, float[], Row, Float> index = HnswIndex.load(in, HnswTypeIndex.class.getClassLoader());
            if (index.size() != wanted.rows()) {
                return new Opened(null, "damaged: " + index.size() + " rows indexed, the header says " + wanted.rows());
            }
            return new Opened(new HnswTypeIndex(found, index), null);
        } catch (NoSuchFileException missing) {
            return new Opened(null, "no index file yet");
        } catch (IOException | RuntimeException unreadable) {
            return new Opened(null, "unreadable (" + unreadable + ")");
        }
    }

    /** Where the index of a type and measure lives: beside a model file, or inside a partitioned model directory. */
    static Path file(Path model, String type, Measure measure) {
        String name = "hnsw-" + fileSafe(type) + (measure == Measure.DOT ? ".dot" : "") + ".idx";
        return Files.isDirectory(model) ? model.resolve(name) : model.resolveSibling(model.getFileName() + "." + name);
    }

    /** A type name as part of a file name: letters, digits, '_' and '-' as they are, every other byte as %XX. */
    static String fileSafe(String type) {
        StringBuilder sb = new StringBuilder();
        for (byte b : type.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    /** An indexed row: the local index in its type and the vector as indexed. */
    static final class Row implements Item<Integer, float[]> {
        private static final long serialVersionUID = 1L;
        final int local;
        final float[] vector;

        Row(int local, float[] vector) {
            this.local = local;
            this.vector = vector;
        }

        @Override
        public Integer id() {
            return local;
        }

        @Override
        public float[] vector() {
            return vector;
        }

        @Override
        public int dimensions() {
            return vector.length;
        }
    }

    /** {@code 1 - u.v} (1 - cosine for unit vectors), on the fast engine's (SIMD) dot product. */
    static final class InnerProductDistance implements DistanceFunction<float[], Float> {
        private static final long serialVersionUID = 1L;

        @Override
        public Float distance(float[] u, float[] v) {
            return 1f - VectorMath.dot(u, v, u.length);
        }
    }

    /** Item ids as plain ints (the library's default is a serialised Integer object each). */
    static final class IdSerializer implements ObjectSerializer<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public void write(Integer id, ObjectOutput out) throws IOException {
            out.writeInt(id);
        }

        @Override
        public Integer read(ObjectInput in) throws IOException {
            return in.readInt();
        }
    }

    /** Rows as their local index, length and raw little-endian floats. */
    static final class RowSerializer implements ObjectSerializer<Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public void write(Row row, ObjectOutput out) throws IOException {
            out.writeInt(row.local);
            out.writeInt(row.vector.length);
            ByteBuffer bytes = ByteBuffer.allocate(row.vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(row.vector);
            out.write(bytes.array());
        }

        @Override
        public Row read(ObjectInput in) throws IOException {
            int local = in.readInt(), length = in.readInt();
            if (length < 0 || length > (1 << 20)) {
                throw new IOException("a row of " + length + " values");
            }
            byte[] raw = new byte[length * Float.BYTES];
            in.readFully(raw);
            float[] v = new float[length];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            return new Row(local, v);
        }
    }
}
