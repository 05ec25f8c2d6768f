package dev.seckill.redis;

/** The restore suite against a Redis Cluster: the claim, the staged holders and the sale share one slot. */
class RedisClusterSaleRestorationsIT extends RedisSaleRestorationsSuite {

    @Override
    protected RedisSettings settings() {
        return TestRedis.cluster();
    }
}
