package dev.seckill.app.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/** The {@code redis-flush} drill's fault: FLUSHALL, what a failover to an empty replica does. */
final class RedisFlush {

    private RedisFlush() {
    }

    /** FLUSHALL on the single Redis at {@code uri}; a cluster is refused (the drill runs on the single node). */
    static void flushAll(String uri, boolean cluster) {
        if (cluster || uri.contains(",")) {
            throw new IllegalStateException("the redis-flush drill runs against a single Redis, not the cluster at " + uri);
        }
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().flushall();
        } finally {
            client.shutdown();
        }
    }
}
