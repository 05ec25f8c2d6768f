package dev.seckill.redis;

/** The session suite against a Redis Cluster (tokens spread over every master). */
class RedisClusterUserSessionsIT extends RedisUserSessionsSuite {

    @Override
    protected RedisSettings settings() {
        return TestRedis.cluster();
    }
}
