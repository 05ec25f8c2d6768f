package dev.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The check of persistence, against the Redis of {@code ./seckill services}, which keeps an append-only file. */
class RedisPersistenceIT {

    @Test
    void aRedisWithoutAnAppendOnlyFileIsNamedAndTheLocalServicesKeepOne() {
        try (RedisConnection redis = RedisConnection.connect(TestRedis.single())) {
            assertThat(RedisPersistenceCheck.nodesWithoutAppendOnlyFile(redis))
                    .as("./seckill services starts Redis with appendonly yes")
                    .isEmpty();
            try {
                RedisFailures.await(redis.commands().configSet("appendonly", "no"));
                assertThat(RedisPersistenceCheck.nodesWithoutAppendOnlyFile(redis))
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
            assertThat(RedisPersistenceCheck.nodesWithoutAppendOnlyFile(cluster))
                    .isEmpty();
        }
    }

    @Test
    void theGaugeFollowsRedisAppendOnlySetting() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (RedisConnection redis = RedisConnection.connect(TestRedis.single());
                RedisPersistenceCheck check = new RedisPersistenceCheck(redis, Duration.ofHours(1), metrics)) {
            assertThat(enabled(metrics)).as("unknown before the first answer").isNaN();

            check.check();
            assertThat(enabled(metrics))
                    .as("./seckill services starts Redis with appendonly yes")
                    .isEqualTo(1);
            try {
                RedisFailures.await(redis.commands().configSet("appendonly", "no"));
                check.check();
                assertThat(enabled(metrics)).isZero();
            } finally {
                RedisFailures.await(redis.commands().configSet("appendonly", "yes"));
            }
            check.check();
            assertThat(enabled(metrics)).isEqualTo(1);
        }
    }

    private static double enabled(SimpleMeterRegistry metrics) {
        return metrics.get("seckill_redis_persistence_enabled").gauge().value();
    }

    private static String port(RedisConnection redis) {
        String where = redis.toString();
        return where.substring(where.lastIndexOf(':') + 1);
    }
}
