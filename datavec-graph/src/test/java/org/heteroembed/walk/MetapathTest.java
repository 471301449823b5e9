package org.heteroembed.walk;

import org.heteroembed.graph.GraphSchema;
import org.heteroembed.graph.Relation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Node types whose names contain '-' are named in a metapath with commas; a '-' path says so. */
class MetapathTest {
    private static final GraphSchema SCHEMA = new GraphSchema(List.of("co-author", "paper"),
            List.of(new Relation(0, "writes", 0, 1, false)));

    @Test
    void typesWithHyphensAreSeparatedByCommas() {
        Metapath m = Metapath.parse("co-author, paper, co-author", SCHEMA);
        assertEquals(List.of("co-author", "paper", "co-author"), Metapath.typeNames("co-author, paper, co-author"));
        assertTrue(m.toString().contains("co-author"), m.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metapath.parse("co-author-paper-co-author", SCHEMA));
        assertTrue(e.getMessage().endsWith("type names contain '-': separate them with commas, e.g. 'co-author,paper,...'"),
                e.getMessage());
    }
}
