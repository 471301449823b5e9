package org.heteroembed.spark;

import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.heteroembed.nn.HeteroEmbeddingModels;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import scala.reflect.ClassTag$;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Spark ships the model configuration and our records with Kryo (as DL4J recommends, with its Nd4jRegistrator);
 * in local mode nothing is serialized, so this is the check that catches an unserializable field.
 */
class KryoSerializationTest {
    private final SerializerInstance kryo = new KryoSerializer(SparkTestContext.conf("local[1]", "kryo")).newInstance();

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(T value) {
        return (T) kryo.deserialize(kryo.serialize(value, ClassTag$.MODULE$.Object()), ClassTag$.MODULE$.Object());
    }

    @Test
    void modelConfigurationSurvivesKryo() {
        ComputationGraphConfiguration conf = HeteroEmbeddingModels.skipGram(List.of("user", "item"), new int[]{3, 4}, 8, 2,
                new Sgd(0.1), 1, DataType.FLOAT);
        ComputationGraphConfiguration back = roundTrip(conf);
        assertEquals(conf.toJson(), back.toJson());
    }

    @Test
    void walkBlocksSurviveKryo() {
        WalkBlock b = new WalkBlock(42, new int[]{0, 2, 5}, new int[]{1, 2, 3, 4, 5});
        WalkBlock back = roundTrip(b);
        assertEquals(42, back.firstWalk());
        assertArrayEquals(b.offsets(), back.offsets());
        assertArrayEquals(b.nodes(), back.nodes());
    }
}
