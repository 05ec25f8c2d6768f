package dev.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The start-up check of persistence, against the Redis of {@code ./seckill services}, which keeps an append-only file. */
class RedisPersistenceIT {

    @Test
    void aRedisWithoutAnAppendOnlyFileIsNamedAndTheLocalServicesKeepOne() {
        try (RedisConnection redis = RedisConnection.connect(TestRedis.single())) {
            assertThat(redis.nodesWithoutAppendOnlyFile())
                    .as("./seckill services starts Redis with appendonly yes")
                    .isEmpty();
            try {
                RedisFailures.await(redis.commands().configSet("appendonly", "no"));
                assertThat(redis.nodesWithoutAppendOnlyFile())
                        .singleElement()
                        .asString()
                        .endsWith(":" + port(redis));
            } finally {
                RedisFailures.await(redis.commands().configSet("appendonly", "yes"));
            }
        }
    }

    @Test
    void everyMasterOfTheClusterKeepsAnAppendOnlyFile() {
        try (RedisConnection cluster = RedisConnection.connect(TestRedis.cluster())) {
            assertThat(cluster.nodesWithoutAppendOnlyFile()).isEmpty();
        }
    }

    private static String port(RedisConnection redis) {
        String where = redis.toString();
        return where.substring(where.lastIndexOf(':') + 1);
    }
}
