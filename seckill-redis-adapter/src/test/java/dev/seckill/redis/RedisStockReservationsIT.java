package dev.seckill.redis;

/** The reservation suite against a single Redis. */
class RedisStockReservationsIT extends RedisStockReservationsSuite {

    @Override
    protected RedisSettings settings() {
        return TestRedis.single();
    }
}
