package org.heteroembed.search.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ComputationGraphSpace example runs with arbiter-deeplearning4j's task creator and beats chance. */
class ClassifierSearchExampleTest {
    @TempDir
    Path dir;

    @Test
    void searchesTheClassifierOnFrozenEmbeddings() throws Exception {
        ClassifierSearchExample.Outcome o = ClassifierSearchExample.run(6000, 3, 2, 2, 20, dir);
        assertEquals(2, o.candidates());
        assertTrue(o.bestF1() > 3 * o.chance(), "macro-F1 " + o.bestF1() + " vs chance " + o.chance());
        assertTrue(Files.isRegularFile(dir.resolve("candidates").resolve(o.bestIndex() + "").resolve("model.bin")));
        assertTrue(Files.isRegularFile(dir.resolve("embeddings.zip")));
    }
}
