package org.heteroembed.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;

/** Spark settings for tests: loopback only, no UI, Aeron state under the build directory. */
final class SparkTestContext {
    private SparkTestContext() {
    }

    static SparkConf conf(String master, String app) {
        return new SparkConf().setMaster(master).setAppName(app)
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
    }

    /** A UDP port free on loopback now, for a driver's Aeron (a fixed one would collide with a build running beside). */
    static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JavaSparkContext local(int threads, Path buildDir) {
        System.setProperty("aeron.dir", buildDir.resolve("aeron-" + ProcessHandle.current().pid()).toString());
        return new JavaSparkContext(conf("local[" + threads + "]", "hetero-embed-test"));
    }
}
