package dev.seckill.redis;

/** The session suite against a single Redis. */
class RedisUserSessionsIT extends RedisUserSessionsSuite {

    @Override
    protected RedisSettings settings() {
        return TestRedis.single();
    }
}
