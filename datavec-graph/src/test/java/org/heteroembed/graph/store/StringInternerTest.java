package org.heteroembed.graph.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StringInternerTest {

    private static String randomString(SplittableRandom rng) {
        String alphabet = "abcAB0123_-é漢😀";
        StringBuilder sb = new StringBuilder();
        int n = rng.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, rng.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        return sb.toString();
    }

    @Test
    void internFindGetAndFreezeAgreeWithAHashMap() {
        SplittableRandom rng = new SplittableRandom(1);
        StringInterner interner = new StringInterner();
        Map<String, Integer> reference = new HashMap<>();
        List<String> order = new ArrayList<>();
        // "Aa" and "BB" share a hashCode, as do their concatenations: collisions must be told apart by bytes.
        List<String> inputs = new ArrayList<>(List.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa", "", "é", "e"));
        for (int i = 0; i < 50_000; i++) {
            inputs.add(randomString(rng));
        }
        for (String s : inputs) {
            Integer want = reference.get(s);
            int got = interner.intern(s);
            if (want == null) {
                reference.put(s, got);
                order.add(s);
                assertEquals(order.size() - 1, got, "new strings get the next position");
            } else {
                assertEquals((int) want, got, s);
            }
        }
        assertEquals(reference.size(), interner.size());
        assertEquals(-1, interner.find("not there at all"));
        StringTable table = interner.freeze();
        assertEquals(order.size(), table.size());
        for (int i = 0; i < order.size(); i++) {
            String s = order.get(i);
            assertEquals(s, interner.get(i));
            assertEquals(i, interner.find(s));
            assertEquals(s, table.get(i));
            assertEquals(i, table.indexOf(s));
        }
        assertEquals(-1, table.indexOf("not there at all"));
    }

    @Test
    void stringTableRejectsDuplicatesAndUnindexedLookups() {
        assertThrows(IllegalArgumentException.class, () -> StringTable.of(List.of("a", "b", "a")));
        StringTable names = StringTable.of(List.of("x", "x"), false);
        assertEquals("x", names.get(1));
        assertThrows(UnsupportedOperationException.class, () -> names.indexOf("x"));
        assertThrows(IndexOutOfBoundsException.class, () -> names.get(2));
    }
}
