package dev.seckill.redis;

import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.out.SaleRestorations;
import dev.seckill.domain.port.out.StockReservations;
import dev.seckill.domain.testing.SaleRestorationsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The domain's restore contract against Redis; the subclasses run it on a single node and on a cluster. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedisSaleRestorationsSuite extends SaleRestorationsContract {

    private final String prefix = TestRedis.uniquePrefix();
    private RedisConnection connection;
    private RedisStockReservations reservations;
    private RedisSaleRestorations restorations;

    protected abstract RedisSettings settings();

    @BeforeAll
    void connect() {
        connection = RedisConnection.connect(settings());
        reservations = new RedisStockReservations(connection, prefix);
        restorations = new RedisSaleRestorations(connection, prefix);
    }

    @AfterAll
    void cleanUp() {
        TestRedis.deleteKeys(connection, prefix);
        connection.close();
    }

    @Override
    protected StockReservations reservations() {
        return reservations;
    }

    @Override
    protected SaleRestorations restorations() {
        return restorations;
    }

    @Override
    protected void leaveBehind(VoucherId voucherId) {
        // what a promoted replica or a restarted node shows: the sale was written under another replication id
        RedisFailures.await(connection.commands().hset(new SaleKeys(prefix).sale(voucherId), "node", "another-node"));
    }
}
