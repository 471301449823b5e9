package org.heteroembed.spark;

import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.repartitioner.NoOpRepartitioner;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.heteroembed.jvm.JvmFlags;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.parameterserver.distributed.v2.enums.MeshBuildMode;

/**
 * DL4J's two Spark training masters, set up for pre-batched skip-gram {@code MultiDataSet}s
 * ({@link SparkSkipGramBatches}): each RDD record is one minibatch of {@code batchSize} pairs, trained as is
 * ({@code Direct}: no export to files, no re-batching, which also works outside local mode).
 */
public final class SparkTrainingMasters {
    /**
     * Aeron settings gradient sharing needs in every JVM (driver and executors; pass them to executors with
     * {@code spark.executor.extraJavaOptions}): the media driver refuses to start with DL4J's 30 s client
     * liveness timeout unless publications may block that long; small sparse term buffers cut Aeron's disk use
     * from ~585 MB to ~8 MB per JVM; its directory is deleted when the JVM ends. {@link #sharedGradients} sets
     * them (and a directory of its own) in the driver's JVM when they are not set already.
     */
    public static final java.util.Map<String, String> AERON_PROPERTIES = java.util.Map.of(
            "aeron.publication.unblock.timeout", "60000000000",
            "aeron.term.buffer.length", "1048576",
            "aeron.term.buffer.sparse.file", "true",
            "aeron.dir.delete.on.shutdown", "true");

    private SparkTrainingMasters() {
    }

    /** {@link #AERON_PROPERTIES} as JVM flags, plus {@code -Daeron.dir=aeronDir} (relative: per executor work dir). */
    public static String aeronJvmFlags(String aeronDir) {
        StringBuilder b = new StringBuilder("-Daeron.dir=" + aeronDir);
        AERON_PROPERTIES.forEach((k, v) -> b.append(" -D").append(k).append('=').append(v));
        return b.toString();
    }

    /**
     * Everything a JVM that trains with Spark needs on its command line, e.g. for
     * {@code spark.executor.extraJavaOptions}: the flags of {@code bin/jvm.args} ({@link JvmFlags}) and
     * {@link #aeronJvmFlags}.
     */
    public static String jvmOptions(String aeronDir) {
        return JvmFlags.joined() + " " + aeronJvmFlags(aeronDir);
    }

    /**
     * Synchronous parameter averaging: each worker fits {@code averagingFrequency} minibatches on its copy, then
     * parameters (and updater state) are averaged on the driver.
     */
    public static ParameterAveragingTrainingMaster parameterAveraging(int workers, int batchSize, int averagingFrequency) {
        if (workers < 1 || batchSize < 1 || averagingFrequency < 1) {
            throw new IllegalArgumentException("need workers, batchSize and averagingFrequency >= 1, got "
                    + workers + ", " + batchSize + ", " + averagingFrequency);
        }
        return new ParameterAveragingTrainingMaster.Builder(workers, batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(2)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.Never)
                .build();
    }

    /**
     * Asynchronous gradient sharing over Aeron (DL4J's parameter server): workers send threshold-encoded updates
     * to each other after every minibatch. {@code controllerAddress} is the driver's address reachable from
     * the executors, {@code networkMask} the network the executors' addresses lie in (e.g. "10.0.0.0/16"),
     * {@code port} the driver's UDP port.
     */
    public static SharedTrainingMaster sharedGradients(int workers, int batchSize, double threshold,
                                                       String controllerAddress, String networkMask, int port) {
        if (workers < 1 || batchSize < 1 || !(threshold > 0)) {
            throw new IllegalArgumentException("need workers >= 1, batchSize >= 1 and threshold > 0, got "
                    + workers + ", " + batchSize + ", " + threshold);
        }
        DriverPortSupplier.markDriver();
        AERON_PROPERTIES.forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, v); // this JVM (the driver; in local mode also the executors)
            }
        });
        if (System.getProperty("aeron.dir") == null) {
            // Aeron's default is one shared folder in /dev/shm: two runs on a machine would collide in it.
            System.setProperty("aeron.dir", java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
                    "hetero-embed-aeron-" + ProcessHandle.current().pid()).toString());
        }
        VoidConfiguration voidConf = VoidConfiguration.builder()
                .controllerAddress(controllerAddress)
                .networkMask(networkMask)
                .meshBuildMode(MeshBuildMode.PLAIN)
                .portSupplier(new DriverPortSupplier(port, controllerAddress))
                .build();
        return new SharedTrainingMaster.Builder(voidConf, workers, new AdaptiveThresholdAlgorithm(threshold), batchSize)
                .batchSizePerWorker(batchSize)
                .workersPerNode(1)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartitionData(Repartition.Never)
                // DL4J's default splits the data into up to thousands of small partitions (a task each); one
                // long task per partition of ours keeps each worker's training loop fed.
                .repartitioner(new NoOpRepartitioner())
                .build();
    }

    /** Whether a master runs gradient sharing (its score is not reported by DL4J; score the model yourself). */
    public static boolean isGradientSharing(TrainingMaster<?, ?> master) {
        return master instanceof SharedTrainingMaster;
    }

    /** {@code spark.driver.host} when set, else this host's address. */
    public static String defaultControllerAddress(org.apache.spark.SparkConf conf) throws java.net.UnknownHostException {
        if (conf.contains("spark.driver.host")) {
            return java.net.InetAddress.getByName(conf.get("spark.driver.host")).getHostAddress();
        }
        return java.net.InetAddress.getLocalHost().getHostAddress();
    }

    /** 127.0.0.0/8 for a loopback controller, else the /16 network of its IPv4 address. */
    public static String defaultNetworkMask(String controller) throws java.net.UnknownHostException {
        java.net.InetAddress a = java.net.InetAddress.getByName(controller);
        if (a.isLoopbackAddress()) {
            return "127.0.0.0/8";
        }
        byte[] b = a.getAddress();
        if (b.length != 4) {
            throw new IllegalArgumentException("--network-mask is needed for the IPv6 controller address " + controller);
        }
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + ".0.0/16";
    }
}
