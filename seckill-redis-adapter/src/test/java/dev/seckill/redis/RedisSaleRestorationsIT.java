package dev.seckill.redis;

/** The restore suite against a single Redis. */
class RedisSaleRestorationsIT extends RedisSaleRestorationsSuite {

    @Override
    protected RedisSettings settings() {
        return TestRedis.single();
    }
}
