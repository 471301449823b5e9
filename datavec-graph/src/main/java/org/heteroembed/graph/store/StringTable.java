package org.heteroembed.graph.store;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An immutable, densely indexed set of strings with O(1) lookup in both directions, laid out in three flat
 * arrays so it can be written to a snapshot and memory-mapped back without rebuilding anything:
 * a UTF-8 blob, the start offset of every string in it, and an open-addressing hash index.
 *
 * <p>The hash is {@link String#hashCode()}, whose value the Java language specification fixes, so an index
 * written by one JVM is valid in any other. Per string this costs its UTF-8 bytes plus 8 bytes of offset
 * plus about 8 bytes of index (load factor at most 1/2), and no Java object per string.
 */
public final class StringTable {
    private final int size;
    private final BigByteArray blob;
    private final BigLongArray offsets; // size + 1
    private final BigIntArray index;    // power-of-two length; holds position + 1, 0 = empty; null if not indexed
    private final int mask;

    private StringTable(int size, BigByteArray blob, BigLongArray offsets, BigIntArray index) {
        this.size = size;
        this.blob = blob;
        this.offsets = offsets;
        this.index = index;
        this.mask = index == null ? 0 : (int) index.length() - 1;
    }

    /** Builds an indexed table holding {@code strings} at positions 0..n-1. Duplicates are rejected. */
    public static StringTable of(List<String> strings) {
        return of(strings, true);
    }

    /**
     * Builds a table holding {@code strings} at positions 0..n-1. Without an index (e.g. display names,
     * which may repeat) {@link #indexOf} is unsupported and duplicates are allowed.
     */
    public static StringTable of(List<String> strings, boolean indexed) {
        int n = strings.size();
        byte[][] encoded = new byte[n][];
        long total = 0;
        for (int i = 0; i < n; i++) {
            encoded[i] = strings.get(i).getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length;
        }
        BigByteArray blob = BigByteArray.allocate(total);
        BigLongArray offsets = BigLongArray.allocate(n + 1L);
        long pos = 0;
        for (int i = 0; i < n; i++) {
            offsets.set(i, pos);
            blob.set(pos, encoded[i], encoded[i].length);
            pos += encoded[i].length;
        }
        offsets.set(n, pos);
        if (!indexed) {
            return new StringTable(n, blob, offsets, null);
        }
        BigIntArray index = BigIntArray.allocate(indexCapacity(n));
        StringTable table = new StringTable(n, blob, offsets, index);
        for (int i = 0; i < n; i++) {
            int slot = table.findSlot(strings.get(i), encoded[i]);
            if (index.get(slot) != 0) {
                throw new IllegalArgumentException("duplicate string '" + strings.get(i) + "'");
            }
            index.set(slot, i + 1);
        }
        return table;
    }

    /** Index capacity for n strings: the smallest power of two >= 2 * max(n, 2) (load at most 1/2). */
    static int indexCapacity(int n) {
        long want = 2L * Math.max(2, n);
        if (want > (1 << 30)) {
            throw new IllegalArgumentException("too many strings for one table: " + n);
        }
        return Integer.highestOneBit((int) want - 1) << 1;
    }

    /** Assembles a table from arrays laid out as {@link #of} lays them out (used by {@link StringInterner}). */
    static StringTable fromParts(int size, BigByteArray blob, BigLongArray offsets, BigIntArray index) {
        return new StringTable(size, blob, offsets, index);
    }

    public int size() {
        return size;
    }

    /** The string at {@code position}. */
    public String get(int position) {
        if (position < 0 || position >= size) {
            throw new IndexOutOfBoundsException("position " + position + " not in [0, " + size + ")");
        }
        long from = offsets.get(position);
        int len = (int) (offsets.get(position + 1L) - from);
        byte[] b = new byte[len];
        blob.get(from, b, len);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The position of {@code s}, or -1 if absent. */
    public int indexOf(String s) {
        if (index == null) {
            throw new UnsupportedOperationException("this string table has no index");
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return index.get(findSlot(s, utf8)) - 1;
    }

    /** The index slot that holds {@code s}, or the empty slot where it would go. */
    private int findSlot(String s, byte[] utf8) {
        int h = s.hashCode() * 0x9E3779B9; // spread the low bits
        int slot = (h ^ (h >>> 16)) & mask;
        while (true) {
            int entry = index.get(slot);
            if (entry == 0 || equalsAt(entry - 1, utf8)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean equalsAt(int position, byte[] utf8) {
        long from = offsets.get(position);
        if (offsets.get(position + 1L) - from != utf8.length) {
            return false;
        }
        for (int k = 0; k < utf8.length; k++) {
            if (blob.get(from + k) != utf8[k]) {
                return false;
            }
        }
        return true;
    }

    /** Bytes held by the three arrays. */
    public long byteSize() {
        return blob.byteSize() + offsets.byteSize() + (index == null ? 0 : index.byteSize());
    }

    /** Adds the strings (their bytes and boundaries, in order) to {@code checksum}; the index is derived from them. */
    public void updateChecksum(java.util.zip.Checksum checksum) {
        blob.updateChecksum(checksum);
        offsets.updateChecksum(checksum);
    }

    // ---- snapshot I/O: header via Data streams, arrays as raw sections ----

    /** Header fields needed to map the arrays back; the arrays follow in {@link #writeArrays}. */
    public void writeHeader(DataOutputStream out) throws IOException {
        out.writeInt(size);
        out.writeLong(blob.length());
        out.writeLong(index == null ? -1 : index.length());
    }

    public void writeArrays(SnapshotWriter w) throws IOException {
        w.section(blob);
        w.section(offsets);
        if (index != null) {
            w.section(index);
        }
    }

    /** Header values read back by {@link #readHeader}, used to map the arrays. */
    public record Header(int size, long blobLength, long indexLength) {
    }

    public static Header readHeader(DataInputStream in) throws IOException {
        return new Header(in.readInt(), in.readLong(), in.readLong());
    }

    public static StringTable map(Header h, SnapshotReader r) throws IOException {
        BigByteArray blob = r.bytes(h.blobLength());
        BigLongArray offsets = r.longs(h.size() + 1L);
        BigIntArray index = h.indexLength() < 0 ? null : r.ints(h.indexLength());
        return new StringTable(h.size(), blob, offsets, index);
    }

    @Override
    public String toString() {
        return "StringTable[" + size + " strings, " + byteSize() + " bytes]";
    }
}
