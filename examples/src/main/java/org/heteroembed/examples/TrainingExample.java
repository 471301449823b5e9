package org.heteroembed.examples;

import org.heteroembed.inference.HeteroEmbeddings;
import org.heteroembed.job.EmbeddingJob;
import org.heteroembed.job.JobRunner;
import org.heteroembed.job.TrainedModel;

import java.nio.file.Path;
import java.util.Map;

/**
 * Training from Java: an embedding job from a job file (the YAML that {@code hetero-embed info MODEL} prints, or
 * {@code demo-output/job.yaml}), changed in code, run by the job runner, and the vectors queried.
 *
 * <pre>
 * bin/hetero-embed demo      # writes demo-output/job.yaml
 * java -cp examples/target/hetero-embed.jar org.heteroembed.examples.TrainingExample demo-output/job.yaml model.zip
 * </pre>
 */
public final class TrainingExample {
    private TrainingExample() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: TrainingExample JOB_FILE MODEL_FILE");
            System.exit(2);
        }
        EmbeddingJob job = EmbeddingJob.fromFile(Path.of(args[0]))
                .with(Map.of("training.epochs", 2, "model.dimension", 32)); // settings by their job-file keys
        TrainedModel model = JobRunner.builder(job).output(Path.of(args[1])).build().run();
        System.out.printf("%s: %,d tokens in %.1f s with the %s engine%n", model.status(), model.progress().tokens(),
                model.seconds(), model.job().training().engine());
        HeteroEmbeddings vectors = model.embeddings();
        String user = vectors.id("user", 0);
        for (HeteroEmbeddings.Neighbour n : vectors.nearest("user", user, 5, "article")) {
            System.out.printf("%s -> %-10s %.3f%n", user, n.id(), n.similarity());
        }
    }
}
