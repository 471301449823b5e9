package org.heteroembed.cli;

import org.heteroembed.inference.HeteroModelFile;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.TrainingConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.heteroembed.cli.HeteroEmbedCliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jobs from files and flags: the same job either way, info prints it back, errors name the flag or the file and key. */
class JobConfigCliTest {
    @TempDir
    static Path dir;
    static Path graph;

    @BeforeAll
    static void generate() {
        Path gen = dir.resolve("gen");
        assertEquals(0, run("generate", "--edges", "3000", "--seed", "3", "-o", gen.toString()).exit());
        graph = gen.resolve("graph.yaml");
    }

    @Test
    void aJobFileAndTheSameFlagsTrainIdenticalModelsAndInfoPrintsTheJob() throws IOException {
        Path job = dir.resolve("job.yaml");
        Files.writeString(job, """
                # the job of the flags below, as a file (relative paths are relative to this file)
                graph: {input: gen/graph.yaml}
                walks: {metapaths: [user-article-topic-article-user], walksPerNode: 3, walkLength: 12}
                skipGram: {window: 3, negatives: 4}
                model: {dimension: 16}
                training: {epochs: 2, threads: 1, seed: 9}
                """);
        Path fromFile = dir.resolve("file.zip"), fromFlags = dir.resolve("flags.zip");
        HeteroEmbedCliTest.Run f = run("train", "--config", job.toString(), "-o", fromFile.toString());
        assertEquals(0, f.exit(), f.err());
        HeteroEmbedCliTest.Run g = run("train", graph.toString(), "-o", fromFlags.toString(), "--metapath",
                "user-article-topic-article-user", "--walks-per-node", "3", "--walk-length", "12", "--window", "3",
                "--negatives", "4", "--dimension", "16", "--epochs", "2", "--threads", "1", "--seed", "9");
        assertEquals(0, g.exit(), g.err());
        assertArrayEquals(HeteroModelFile.network(fromFile).params().toFloatVector(),
                HeteroModelFile.network(fromFlags).params().toFloatVector(), "same job, same seed, one thread: same model");

        HeteroEmbedCliTest.Run info = run("info", fromFile.toString());
        assertEquals(0, info.exit(), info.err());
        assertTrue(info.out().contains("(complete)"), info.out());
        assertTrue(info.out().contains("dimension: 16") && info.out().contains("engine: fast"), info.out());

        // info --job-only is a job file that trains the same model again, and flags override it.
        Path back = dir.resolve("back.yaml");
        Files.writeString(back, run("info", fromFile.toString(), "--job-only").out());
        EmbeddingJob reread = EmbeddingJob.fromFile(back);
        assertEquals(EmbeddingJob.fromFile(job).resolved(false).identity(), reread.identity());
        HeteroEmbedCliTest.Run over = run("train", "--config", back.toString(), "--epochs", "1", "-o",
                dir.resolve("over.zip").toString());
        assertEquals(0, over.exit(), over.err());
        assertEquals(1, EmbeddingJob.fromJson(HeteroModelFile.job(dir.resolve("over.zip"))).training().epochs(),
                "the flag overrides the file");
    }

    @Test
    void theSparseAndFitEnginesTrainFromTheCommandLine() throws IOException {
        for (String engine : new String[]{"sparse", "fit"}) {
            Path model = dir.resolve(engine + ".zip");
            HeteroEmbedCliTest.Run r = run("train", graph.toString(), "-o", model.toString(), "--engine", engine,
                    "--walks-per-node", "1", "--walk-length", "6", "--dimension", "8", "--batch-size", "256");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("(" + engine + " engine)"), r.out());
            TrainingConfig t = EmbeddingJob.fromJson(HeteroModelFile.job(model)).training();
            assertEquals(engine, org.heteroembed.config.ValueType.name(t.engine()));
            assertEquals(engine.equals("fit") ? TrainingConfig.Updater.ADAM : TrainingConfig.Updater.SGD, t.updater());
        }
    }

    @Test
    void settingErrorsNameTheFlagOrTheFileAndKey() throws IOException {
        Path out = dir.resolve("never.zip");
        HeteroEmbedCliTest.Run epochs = run("train", graph.toString(), "-o", out.toString(), "--epochs", "0");
        assertEquals(2, epochs.exit());
        assertTrue(epochs.err().contains("error: --epochs must be >= 1, got 0"), epochs.err());

        HeteroEmbedCliTest.Run adam = run("train", graph.toString(), "-o", out.toString(), "--updater", "adam");
        assertEquals(2, adam.exit());
        assertTrue(adam.err().contains("--updater must be sgd for the fast engine"), adam.err());

        HeteroEmbedCliTest.Run kind = run("train", graph.toString(), "-o", out.toString(), "--kind", "metapath");
        assertEquals(2, kind.exit());
        assertTrue(kind.err().contains("--metapath must name at least one metapath"), kind.err());

        HeteroEmbedCliTest.Run engine = run("train", graph.toString(), "-o", out.toString(), "--engine", "gpu");
        assertEquals(2, engine.exit());
        assertTrue(engine.err().contains("expected one of fast, sparse, fit, got 'gpu'"), engine.err());

        HeteroEmbedCliTest.Run caseless = run("graph", "stats", graph.toString(), "--duplicates", "SUM");
        assertEquals(0, caseless.exit(), "enum values in any case: " + caseless.err());
        HeteroEmbedCliTest.Run documented = run("graph", "stats", graph.toString(), "--duplicates", "sum", "--self-loops",
                "keep");
        assertEquals(0, documented.exit(), "the values README and --help show: " + documented.err());

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "training:\n  epochs: 2\n  learningRate: -1\n");
        HeteroEmbedCliTest.Run file = run("train", "--config", bad.toString(), "-o", out.toString());
        assertEquals(2, file.exit());
        assertTrue(file.err().contains(bad + ": training.learningRate must be > 0, got -1"), file.err());

        Files.writeString(bad, "walks: {walkLength: 10\n");
        HeteroEmbedCliTest.Run syntax = run("train", "--config", bad.toString(), "-o", out.toString());
        assertEquals(2, syntax.exit());
        assertTrue(syntax.err().contains(bad + ": not valid YAML (line"), syntax.err());
        assertFalse(Files.exists(out), "nothing written");

        HeteroEmbedCliTest.Run sparkJob = run("train", "--config", writeSparkJob(), "-o", out.toString());
        assertEquals(2, sparkJob.exit());
        assertTrue(sparkJob.err().contains("this job trains on Spark"), sparkJob.err());
    }

    private static String writeSparkJob() throws IOException {
        Path f = dir.resolve("spark.yaml");
        Files.writeString(f, "spark: {mode: averaging}\n");
        return f.toString();
    }
}
