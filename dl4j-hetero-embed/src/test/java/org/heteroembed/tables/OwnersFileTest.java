package org.heteroembed.tables;

import org.heteroembed.graph.partition.NodePartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The partition file written from a function of the node (Spark's driver) is the one written from the array. */
class OwnersFileTest {
    @Test
    void streamedHashPartitionIsTheMaterialisedOneByteForByte(@TempDir Path dir) throws IOException {
        NodePartition p = NodePartition.hash(50_000, 8, 5);
        Path a = Files.createDirectories(dir.resolve("a")), b = Files.createDirectories(dir.resolve("b"));
        PartitionedModelDirectory.writeOwners(a, p);
        PartitionedModelDirectory.writeOwners(b, 50_000, 8, NodePartition.HASH, v -> NodePartition.hashPart(v, 8, 5));
        assertArrayEquals(Files.readAllBytes(a.resolve(PartitionedModelDirectory.OWNERS)),
                Files.readAllBytes(b.resolve(PartitionedModelDirectory.OWNERS)));
        assertEquals(p, PartitionedModelDirectory.readOwners(b));
    }
}
