package dev.seckill.redis;

/** The same reservation suite against a three-master Redis Cluster: the hash tags keep each sale in one slot. */
class RedisClusterStockReservationsIT extends RedisStockReservationsSuite {

    @Override
    protected RedisSettings settings() {
        return TestRedis.cluster();
    }
}
