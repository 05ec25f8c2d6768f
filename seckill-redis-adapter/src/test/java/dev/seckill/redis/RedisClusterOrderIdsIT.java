package dev.seckill.redis;

/** The order id suite against a Redis Cluster (the day keys land on different masters). */
class RedisClusterOrderIdsIT extends RedisOrderIdsSuite {

    @Override
    protected RedisSettings settings() {
        return TestRedis.cluster();
    }
}
