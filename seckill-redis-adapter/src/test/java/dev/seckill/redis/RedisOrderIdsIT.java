package dev.seckill.redis;

/** The order id suite against a single Redis. */
class RedisOrderIdsIT extends RedisOrderIdsSuite {

    @Override
    protected RedisSettings settings() {
        return TestRedis.single();
    }
}
