package org.heteroembed.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

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

    static JavaSparkContext local(int threads, Path buildDir) {
        System.setProperty("aeron.dir", buildDir.resolve("aeron-" + ProcessHandle.current().pid()).toString());
        return new JavaSparkContext(conf("local[" + threads + "]", "hetero-embed-test"));
    }
}
