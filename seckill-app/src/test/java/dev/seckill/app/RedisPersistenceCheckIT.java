package dev.seckill.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.redis.RedisConnection;
import dev.seckill.redis.RedisSettings;
import dev.seckill.testsupport.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The persistence gauge against the Redis of {@code ./seckill services}, which keeps an append-only file. */
class RedisPersistenceCheckIT {

    @Test
    void theGaugeFollowsRedisAppendOnlySetting() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        RedisClient admin = RedisClient.create(TestServices.redisUri());
        try (RedisConnection redis = RedisConnection.connect(RedisSettings.of(TestServices.redisUri()));
                RedisPersistenceCheck check = new RedisPersistenceCheck(redis, Duration.ofHours(1), metrics);
                StatefulRedisConnection<String, String> config = admin.connect()) {
            assertThat(enabled(metrics)).as("unknown before the first answer").isNaN();

            check.check();
            assertThat(enabled(metrics))
                    .as("./seckill services starts Redis with appendonly yes")
                    .isEqualTo(1);
            try {
                config.sync().configSet("appendonly", "no");
                check.check();
                assertThat(enabled(metrics)).isZero();
            } finally {
                config.sync().configSet("appendonly", "yes");
            }
            check.check();
            assertThat(enabled(metrics)).isEqualTo(1);
        } finally {
            admin.shutdown();
        }
    }

    private static double enabled(SimpleMeterRegistry metrics) {
        return metrics.get("seckill_redis_persistence_enabled").gauge().value();
    }
}
