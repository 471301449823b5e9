package org.heteroembed.bench;

import org.heteroembed.graph.HeteroGraph;
import org.heteroembed.graph.generate.PlantedGraphConfig;
import org.heteroembed.graph.generate.PlantedGraphGenerator;
import org.heteroembed.graph.partition.LabelPropagationPartitioner;
import org.heteroembed.graph.partition.NodePartition;
import org.heteroembed.graph.partition.PartitionLayout;
import org.heteroembed.job.TablesConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The partitions benchmark's own logic: its result lines, medians and ratios, the table and CSV, the budgets. */
class PartitionsReportTest {
    private static final PartitionsReport.Config MEM = PartitionsReport.Config.IN_MEMORY;
    private static final PartitionsReport.Config P8 = new PartitionsReport.Config(8, 150L << 20, true);

    private static PartitionsReport.Run run(long tokens, double seconds, double macroF1, double auc) {
        // a fifth of the time spilling, half training buckets, a tenth each reading and writing
        return new PartitionsReport.Run(tokens, seconds, 900L << 20, 28, 3L << 30, 4L << 30, 1L << 29, macroF1 + 0.01,
                macroF1, auc, new PartitionsReport.Stages(seconds / 5, seconds / 2, seconds / 10, seconds / 10,
                seconds / 100, seconds / 20));
    }

    @Test
    void resultLineRoundTripsAndOtherLinesAreIgnored() {
        PartitionsReport.Run r = new PartitionsReport.Run(9_091_574, 100.25, 621_000_000L, 29, 1_700_000_000L,
                2_050_000_000L, 489_000_000L, 0.8312, 0.8297, 0.9123456789,
                new PartitionsReport.Stages(11.5, 70.25, 0.6, 8.7, 0.25, 1.04));
        assertEquals(r, PartitionsReport.Run.parse(r.toLine()));
        assertNull(PartitionsReport.Run.parse("07:05:55.569 INFO  PartitionedTrainer - epoch 1: 9091574 tokens"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> PartitionsReport.Run.parse("RESULT tokens=5 seconds=1.0"));
        assertTrue(missing.getMessage().contains("rss"), missing.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> PartitionsReport.Run.parse(r.toLine().replace("loads=29", "loads=many")));
        assertTrue(bad.getMessage().contains("loads=many") || bad.getMessage().contains("many"), bad.getMessage());
    }

    @Test
    void summariesAreMediansWithRatiosAndPointsAgainstInMemoryAndIoPerEpoch() {
        PartitionsReport report = new PartitionsReport(List.of(MEM, P8), 2);
        report.add(MEM, run(1_000_000, 10, 0.80, 0.90)); // 100k tokens/s
        report.add(MEM, run(1_000_000, 5, 0.84, 0.92)); // 200k: the median of three is 125k
        report.add(MEM, run(1_000_000, 8, 0.82, 0.91)); // 125k
        report.add(P8, run(1_000_000, 20, 0.815, 0.905)); // 50k
        report.add(P8, run(1_000_000, 10, 0.805, 0.895)); // 100k: median of two = 75k
        report.add(P8, null);
        List<PartitionsReport.Summary> s = report.summaries();
        assertEquals(125_000, s.get(0).tokensPerSecond(), 1e-6);
        assertEquals(1.0, s.get(0).speedRatio(), 1e-12);
        assertEquals(75_000, s.get(1).tokensPerSecond(), 1e-6);
        assertEquals(0.6, s.get(1).speedRatio(), 1e-12);
        assertEquals(0.81, s.get(1).macroF1(), 1e-12);
        assertEquals(-1.0, s.get(1).macroF1Points(), 1e-9); // 0.81 vs 0.82
        assertEquals(-1.0, s.get(1).aucPoints(), 1e-9); // 0.90 vs 0.91
        assertEquals(14, s.get(1).loadsPerEpoch(), 1e-12); // 28 loads in 2 epochs
        assertEquals(1.5 * (1L << 30), s.get(1).bytesReadPerEpoch(), 1e-3);
        assertEquals(2, s.get(1).runs());
        assertEquals(1, s.get(1).failed());

        String table = report.markdown();
        assertTrue(table.contains("| in memory | - | 125,000 | 1.00x |"), table);
        assertTrue(table.contains("| P=8 | 150.0 MiB (rounded up) | 75,000 | 0.60x | 900.0 MiB | 14.0 | 1.50 | 2.00 | 0.25 "
                + "| 0.810 (-1.0) | 0.900 (-1.0) | 2 (+1 failed) |"), table);

        String[] summary = report.summaryCsv().split("\n");
        assertEquals(3, summary.length);
        assertTrue(summary[2].startsWith("8,157286400,true,2,1,75000.0,0.6000,943718400,14.00,1610612736,"), summary[2]);
        // per epoch (2): P=8's median of 20 s and 10 s is 15 s, so 7.5 s per epoch
        String time = report.timeMarkdown();
        assertTrue(time.contains("| in memory | 4.0 | (walks on the fly) | 4.0 | - |"), time);
        assertTrue(time.contains("| P=8 | 7.5 | 1.5 (20%) | 3.8 (50%) | 0.8 (10%) | 0.8 (10%) | 0.1 | 0.4 | 0.8 (10%) |"), time);

        String[] runs = report.runsCsv().split("\n");
        assertEquals(1 + 5, runs.length, "one row per successful run");
        assertTrue(runs[4].startsWith("8,157286400,1000000,20.000,50000.0,"), runs[4]);
        assertTrue(runs[4].endsWith(",4.000,10.000,2.000,2.000,0.200,1.000"), runs[4]);
    }

    @Test
    void aConfigurationWithoutRunsShowsDashes() {
        PartitionsReport report = new PartitionsReport(List.of(MEM, P8), 1);
        report.add(MEM, run(1_000_000, 10, 0.8, 0.9));
        report.add(P8, null);
        String table = report.markdown();
        assertTrue(table.contains("| P=8 | 150.0 MiB (rounded up) | - | -x | - |"), table);
        assertTrue(table.contains("| 0 (+1 failed) |"), table);
    }

    @Test
    void theInMemoryConfigurationComesFirst() {
        assertThrows(IllegalArgumentException.class, () -> new PartitionsReport(List.of(P8, MEM), 1));
        assertThrows(IllegalArgumentException.class, () -> new PartitionsReport(List.of(MEM), 0));
        PartitionsReport report = new PartitionsReport(List.of(MEM), 1);
        assertThrows(IllegalArgumentException.class, () -> report.add(P8, null));
    }

    @Test
    void budgetIsAQuarterOfTheTablesRoundedUpToTwoPartitions() {
        HeteroGraph g = PlantedGraphGenerator.generate(PlantedGraphConfig.forEdges(20_000, 3)).graph();
        int dim = 16;
        long tables = 2L * g.numNodes() * dim * 4;
        assertEquals(tables, PartitionsBenchmark.tableBytes(g, dim));
        for (int parts : new int[]{2, 4, 8, 16}) {
            PartitionsReport.Config c = PartitionsBenchmark.config(g, dim, parts, TablesConfig.Partitioner.HASH, 7);
            long slot = 2L * PartitionLayout.of(NodePartition.hash(g.numNodes(), parts, 7), g.typeOffsets()).maxRows() * dim * 4;
            long quarter = (tables + 3) / 4;
            assertEquals(parts, c.partitions());
            assertEquals(Math.max(quarter, 2 * slot), c.memoryBytes(), "P=" + parts);
            assertEquals(quarter < 2 * slot, c.roundedUp(), "P=" + parts);
        }
        PartitionsReport.Config lp = PartitionsBenchmark.config(g, dim, 4, TablesConfig.Partitioner.LABEL_PROPAGATION, 7);
        long lpSlot = 2L * PartitionLayout.of(LabelPropagationPartitioner.builder().parts(4).seed(7).build().partition(g),
                g.typeOffsets()).maxRows() * dim * 4;
        assertEquals(Math.max((tables + 3) / 4, 2 * lpSlot), lp.memoryBytes(), "the label-propagation partition's largest part");
        // A quarter never holds two of 2 or 4 partitions; it holds about four of 16.
        assertTrue(PartitionsBenchmark.config(g, dim, 4, TablesConfig.Partitioner.HASH, 7).roundedUp());
        assertFalse(PartitionsBenchmark.config(g, dim, 16, TablesConfig.Partitioner.HASH, 7).roundedUp());
    }
}
