package org.heteroembed.examples;

import org.heteroembed.inference.HeteroEmbeddings;

import java.nio.file.Path;

/**
 * Inference from Java: load a trained model file and list the articles nearest to a user.
 *
 * <pre>
 * bin/hetero-embed demo      # writes demo-output/model.zip
 * java -cp examples/target/hetero-embed.jar org.heteroembed.examples.InferenceExample demo-output/model.zip u0
 * </pre>
 */
public final class InferenceExample {
    private InferenceExample() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: InferenceExample MODEL_FILE USER_ID");
            System.exit(2);
        }
        HeteroEmbeddings embeddings = HeteroEmbeddings.load(Path.of(args[0]));
        System.out.printf("%d-dimensional vectors for %s%n", embeddings.dimension(), embeddings.types());
        for (HeteroEmbeddings.Neighbour n : embeddings.nearest("user", args[1], 10, "article")) {
            System.out.printf("%-10s %.3f%n", n.id(), n.similarity());
        }
    }
}
