package org.heteroembed.graph.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Growable string-to-dense-index dictionary used while a graph is loaded, laid out like the frozen
 * {@link StringTable} it turns into: ids as UTF-8 in paged byte arrays, an offset per id, and an
 * open-addressing index whose slots pack {@code (hash << 32) | (position + 1)}.
 *
 * <p>Why not a {@code HashMap<String, Integer>} (or fastutil's): loading interns two ids per edge and that
 * lookup dominated the loader's profile. Here a probe reads one slot and compares the cached 32-bit hash
 * before touching any string bytes, and there is no String object per id (about 50 bytes saved per node).
 * The hash is {@link String#hashCode()}, as in {@link StringTable}, so {@link #freeze()} reuses the index
 * as it is instead of re-hashing every id.
 */
public final class StringInterner {
    private static final int PAGE_SHIFT = 20;
    private static final int PAGE = 1 << PAGE_SHIFT;

    private byte[][] pages = new byte[1][];
    private long blobSize;
    private long[] offsets = new long[1024];
    private int size;
    private long[] slots = new long[16];
    private int mask = 15;

    public int size() {
        return size;
    }

    /** Position of {@code s}, adding it if absent. */
    public int intern(String s) {
        int h = s.hashCode();
        int slot = home(h);
        while (true) {
            long e = slots[slot];
            if (e == 0) {
                break;
            }
            if ((int) (e >>> 32) == h && equalsAt((int) e - 1, s)) {
                return (int) e - 1;
            }
            slot = (slot + 1) & mask;
        }
        int id = add(s);
        slots[slot] = ((long) h << 32) | (id + 1L);
        if (2L * size > mask + 1L) {
            grow();
        }
        return id;
    }

    /** Position of {@code s}, or -1. */
    public int find(String s) {
        int h = s.hashCode();
        for (int slot = home(h); ; slot = (slot + 1) & mask) {
            long e = slots[slot];
            if (e == 0) {
                return -1;
            }
            if ((int) (e >>> 32) == h && equalsAt((int) e - 1, s)) {
                return (int) e - 1;
            }
        }
    }

    /** The string at {@code position}. */
    public String get(int position) {
        long from = offsets[position];
        int len = (int) (offsets[position + 1] - from);
        byte[] b = new byte[len];
        for (int k = 0; k < len; k++) {
            b[k] = byte_(from + k);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private int home(int h) {
        int x = h * 0x9E3779B9; // same spreading as StringTable
        return (x ^ (x >>> 16)) & mask;
    }

    private byte byte_(long i) {
        return pages[(int) (i >>> PAGE_SHIFT)][(int) (i & (PAGE - 1))];
    }

    private int add(String s) {
        if (size == Integer.MAX_VALUE - 1) {
            throw new IllegalStateException("more than 2^31 - 2 ids of one node type");
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            int page = (int) (blobSize >>> PAGE_SHIFT);
            if (page == pages.length) {
                pages = Arrays.copyOf(pages, pages.length * 2);
            }
            if (pages[page] == null) {
                pages[page] = new byte[PAGE];
            }
            pages[page][(int) (blobSize & (PAGE - 1))] = b;
            blobSize++;
        }
        if (size + 2 > offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[size + 1] = blobSize;
        return size++;
    }

    /** Compares without encoding {@code s} when both are ASCII (the common case for ids). */
    private boolean equalsAt(int position, String s) {
        long from = offsets[position];
        int len = (int) (offsets[position + 1] - from);
        int n = s.length();
        if (len == n) {
            int k = 0;
            for (; k < n; k++) {
                char c = s.charAt(k);
                if (c >= 0x80) {
                    break;
                }
                if (byte_(from + k) != (byte) c) {
                    return false;
                }
            }
            if (k == n) {
                return true;
            }
        } else if (len < n) {
            return false; // UTF-8 never has fewer bytes than chars
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length != len) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (byte_(from + k) != utf8[k]) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        mask = slots.length - 1;
        for (long e : old) {
            if (e != 0) {
                int slot = home((int) (e >>> 32));
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = e;
            }
        }
    }

    /**
     * The frozen {@link StringTable} with the same positions. Its index has the same capacity rule (load at
     * most 1/2), hash and probing, so the slots are copied rather than rebuilt.
     */
    public StringTable freeze() {
        BigByteArray blob = BigByteArray.allocate(blobSize);
        for (long i = 0; i < blobSize; ) {
            int page = (int) (i >>> PAGE_SHIFT);
            int n = (int) Math.min(PAGE, blobSize - i);
            blob.set(i, pages[page], n);
            i += n;
        }
        BigLongArray offs = BigLongArray.allocate(size + 1L);
        for (int i = 0; i <= size; i++) {
            offs.set(i, offsets[i]);
        }
        // StringTable's capacity is the smallest power of two >= 2 * max(2, size); ours may be larger
        // (never smaller), so re-insert into a table of exactly that capacity, hashes already known.
        int capacity = StringTable.indexCapacity(size);
        BigIntArray index = BigIntArray.allocate(capacity);
        int m = capacity - 1;
        for (long e : slots) {
            if (e != 0) {
                int x = (int) (e >>> 32) * 0x9E3779B9;
                int slot = (x ^ (x >>> 16)) & m;
                while (index.get(slot) != 0) {
                    slot = (slot + 1) & m;
                }
                index.set(slot, (int) e);
            }
        }
        return StringTable.fromParts(size, blob, offs, index);
    }
}
