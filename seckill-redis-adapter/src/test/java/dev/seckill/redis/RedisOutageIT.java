package dev.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.testsupport.TcpProxy;
import dev.seckill.testsupport.TestServices;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis becomes unreachable (the network to it is cut by a proxy) and comes back: every port fails
 * fast with {@link ServiceUnavailableException}, holds nothing for the failed requests, and works
 * again on its own once Redis is back, without a new adapter.
 */
class RedisOutageIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

    private final String prefix = TestRedis.uniquePrefix();
    private TcpProxy proxy;
    private RedisConnection connection;
    private RedisStockReservations reservations;
    private RedisOrderIds ids;
    private RedisUserSessions sessions;

    @BeforeEach
    void connectThroughAProxy() {
        RedisURI redis = RedisURI.create(TestServices.redisUri());
        proxy = new TcpProxy(new TestServices.Endpoint(redis.getHost(), redis.getPort()));
        String uri = "redis://" + proxy.endpoint() + "/" + redis.getDatabase();
        connection = RedisConnection.connect(RedisSettings.of(uri).withCommandTimeout(COMMAND_TIMEOUT));
        reservations = new RedisStockReservations(connection, prefix);
        ids = new RedisOrderIds(connection, 1);
        sessions = new RedisUserSessions(connection);
    }

    @AfterEach
    void cleanUp() {
        proxy.restore();
        await().atMost(Duration.ofSeconds(10)).until(connection::ping);
        TestRedis.deleteKeys(connection, prefix);
        connection.close();
        proxy.close();
    }

    @Test
    void failsClearlyWhileRedisIsUnreachableAndRecoversByItself() {
        VoucherId voucher = new VoucherId(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        Instant now = connection.time();
        reservations.load(new VoucherSale(voucher, 10, new SaleWindow(now.minusSeconds(3600), now.plusSeconds(3600))));
        assertThat(reserve(order(voucher, 1))).isEqualTo(Reservation.RESERVED);

        proxy.cut();

        SeckillOrder duringOutage = order(voucher, 2);
        long started = System.nanoTime();
        assertUnavailable(reservations.reserve(duringOutage));
        assertUnavailable(ids.next());
        assertUnavailable(sessions.find("some-token"));
        assertThatThrownBy(() -> reservations.stats(voucher))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("redis is unavailable");
        assertThatThrownBy(() -> reservations.release(order(voucher, 1)))
                .isInstanceOf(ServiceUnavailableException.class);
        assertThat(connection.ping()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("fails fast, not one timeout per call")
                .isLessThan(COMMAND_TIMEOUT.multipliedBy(3));

        proxy.restore();

        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .ignoreException(ServiceUnavailableException.class)
                .until(() -> reserve(order(voucher, 3)) == Reservation.RESERVED);
        assertThat(connection.ping()).isTrue();
        assertThat(ids.next().toCompletableFuture().join()).isNotNull();
        assertThat(reservations.reservedOrder(voucher, duringOutage.userId()))
                .as("nothing held for the failed request")
                .isEmpty();
        assertThat(reservations.stats(voucher).orElseThrow().stock()).isEqualTo(8);
    }

    @Test
    void connectingWhileRedisIsUnreachableFailsClearly() {
        proxy.cut();

        assertThatThrownBy(() -> RedisConnection.connect(RedisSettings.of("redis://" + proxy.endpoint())))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("redis is unavailable: cannot connect to " + proxy.endpoint());
    }

    private Reservation reserve(SeckillOrder order) {
        try {
            return reservations.reserve(order).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw RedisFailures.translate(e);
        }
    }

    private static void assertUnavailable(CompletionStage<?> stage) {
        assertThatThrownBy(() -> stage.toCompletableFuture().get(5, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(ServiceUnavailableException.class)
                .satisfies(e ->
                        assertThat(((ServiceUnavailableException) e).service()).isEqualTo("redis"));
    }

    private static SeckillOrder order(VoucherId voucher, long user) {
        return new SeckillOrder(
                new OrderId(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)),
                new UserId(user),
                voucher,
                Instant.now());
    }
}
