package dev.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.out.PendingOrders;
import dev.seckill.domain.port.out.StockReservations;
import dev.seckill.domain.testing.StockReservationsContract;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The domain's contract and the Redis specifics (Redis' clock, SCRIPT FLUSH, two adapter
 * instances at once), run against a single Redis and against a Redis Cluster by the subclasses.
 * The contract's clock is Redis' own, so windows are set around Redis {@code TIME}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedisStockReservationsSuite extends StockReservationsContract {

    private final String prefix = TestRedis.uniquePrefix();
    private RedisConnection connection;
    private RedisConnection secondInstance;
    private RedisStockReservations reservations;

    protected abstract RedisSettings settings();

    @BeforeAll
    void connect() {
        connection = RedisConnection.connect(settings());
        secondInstance = RedisConnection.connect(settings());
        reservations = new RedisStockReservations(connection, prefix);
    }

    @AfterAll
    void cleanUp() {
        TestRedis.deleteKeys(connection, prefix);
        secondInstance.close();
        connection.close();
    }

    @Override
    protected StockReservations reservations() {
        return reservations;
    }

    @Override
    protected PendingOrders pending() {
        return reservations;
    }

    @Override
    protected Instant now() {
        return connection.time();
    }

    @Test
    void judgesTheWindowByRedisTimeNotByTheOrdersClock() {
        Instant redisNow = connection.time();
        VoucherId early = onSaleDuring(redisNow.plusSeconds(5), redisNow.plus(Duration.ofHours(1)));
        VoucherId late = onSaleDuring(redisNow.minus(Duration.ofHours(1)), redisNow);
        VoucherId open = onSaleDuring(redisNow, redisNow.plusSeconds(5));
        Instant farFuture = Instant.parse("2100-01-01T00:00:00Z");
        Instant farPast = Instant.parse("2000-01-01T00:00:00Z");

        assertThat(reserve(orderAt(early, user(1), farFuture)))
                .as("begin is 5 s after Redis' now")
                .isEqualTo(Reservation.NOT_STARTED);
        assertThat(reserve(orderAt(late, user(1), farPast)))
                .as("end (exclusive) is Redis' now")
                .isEqualTo(Reservation.ENDED);
        assertThat(reserve(orderAt(open, user(1), farPast)))
                .as("begin (inclusive) is Redis' now")
                .isEqualTo(Reservation.RESERVED);
    }

    @Test
    void reloadingASaleChangesItsWindowButNotItsStock() {
        VoucherId voucher = onSale(3);
        reserve(order(voucher, user(1)));
        Instant redisNow = connection.time();

        assertThat(reservations.load(new VoucherSale(
                        voucher,
                        50,
                        new SaleWindow(redisNow.minus(Duration.ofHours(2)), redisNow.minus(Duration.ofHours(1))))))
                .isFalse();

        assertThat(reserve(order(voucher, user(2)))).isEqualTo(Reservation.ENDED);
        var stats = reservations.stats(voucher).orElseThrow();
        assertThat(stats.initialStock()).isEqualTo(3);
        assertThat(stats.stock()).isEqualTo(2);
    }

    @Test
    void reservesAfterTheScriptCacheWasFlushed() {
        VoucherId voucher = onSale(5);
        assertThat(reserve(order(voucher, user(1)))).isEqualTo(Reservation.RESERVED);

        RedisFailures.await(connection.commands().scriptFlush());
        assertThat(RedisFailures.await(connection
                        .commands()
                        .scriptExists(LuaScript.judgingSales("reserve.lua").sha())))
                .containsExactly(false);

        assertThat(reserve(order(voucher, user(2)))).isEqualTo(Reservation.RESERVED);
        assertThat(reserve(order(voucher, user(2)))).isEqualTo(Reservation.ALREADY_ORDERED);
        assertThat(reservations.stats(voucher).orElseThrow().stock()).isEqualTo(3);
    }

    @Test
    void twoInstancesWithEveryRequestInFlightAtOnceNeverOversellNorBuyTwice() {
        int stock = 100;
        int users = 2_000;
        VoucherId voucher = onSale(stock);
        List<RedisStockReservations> instances =
                List.of(reservations, new RedisStockReservations(secondInstance, prefix));
        List<SeckillOrder> orders = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            for (long u = 1; u <= users; u++) {
                orders.add(order(voucher, user(u)));
            }
        }
        Collections.shuffle(orders);

        List<CompletableFuture<Reservation>> answers = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            answers.add(instances.get(i % 2).reserve(orders.get(i)).toCompletableFuture());
        }
        Map<UserId, OrderId> accepted = new HashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).join() == Reservation.RESERVED) {
                assertThat(accepted.put(orders.get(i).userId(), orders.get(i).orderId()))
                        .as("a second accept")
                        .isNull();
            }
        }

        assertThat(accepted).hasSize(stock);
        assertThat(reservations.stats(voucher).orElseThrow().stock()).isZero();
        assertThat(reservations.reservations(voucher)).isEqualTo(accepted);
        assertThat(pending().olderThan(voucher, Duration.ZERO, Integer.MAX_VALUE))
                .extracting(SeckillOrder::orderId)
                .containsExactlyInAnyOrderElementsOf(accepted.values());
    }

    @Test
    void listsEveryHolderOfASaleLargerThanOneScanPage() {
        int users = 2_500;
        VoucherId voucher = onSale(users);
        List<CompletableFuture<Reservation>> answers = new ArrayList<>();
        for (long u = 1; u <= users; u++) {
            answers.add(reservations.reserve(order(voucher, user(u))).toCompletableFuture());
        }
        assertThat(answers.stream().map(CompletableFuture::join).collect(Collectors.toSet()))
                .containsExactly(Reservation.RESERVED);

        assertThat(reservations.reservations(voucher)).hasSize(users);
        assertThat(reservations.stats(voucher).orElseThrow().reservedUsers()).isEqualTo(users);
    }

    @Test
    void givesPendingOrdersOldestFirstWithTheTimeRedisAcceptedThem() {
        VoucherId voucher = onSale(5);
        Instant before = connection.time();
        List<SeckillOrder> placed = List.of(order(voucher, user(3)), order(voucher, user(1)), order(voucher, user(2)));
        placed.forEach(this::reserve);
        Instant after = connection.time();

        List<SeckillOrder> oldest = pending().olderThan(voucher, Duration.ZERO, 2);

        assertThat(oldest)
                .extracting(SeckillOrder::orderId)
                .containsExactly(placed.get(0).orderId(), placed.get(1).orderId());
        assertThat(oldest)
                .allSatisfy(
                        order -> assertThat(order.createdAt()).isBetween(before.minusMillis(1), after.plusMillis(1)));
    }

    @Test
    void releasingAReleasedOrderOfASoldOutSaleGivesNothingMore() {
        VoucherId voucher = onSale(1);
        SeckillOrder order = order(voucher, user(1));
        reserve(order);
        assertThat(reserve(order(voucher, user(2)))).isEqualTo(Reservation.SOLD_OUT);

        assertThat(reservations.release(order)).isTrue();
        assertThat(reservations.release(order)).isFalse();

        assertThat(reservations.stats(voucher).orElseThrow().stock()).isEqualTo(1);
        assertThat(reserve(order(voucher, user(2)))).isEqualTo(Reservation.RESERVED);
        assertThat(reserve(order(voucher, user(3)))).isEqualTo(Reservation.SOLD_OUT);
    }

    private VoucherId onSaleDuring(Instant begin, Instant end) {
        VoucherId voucher = freshVoucher();
        assertThat(reservations.load(new VoucherSale(voucher, 5, new SaleWindow(begin, end))))
                .isTrue();
        return voucher;
    }

    private SeckillOrder orderAt(VoucherId voucher, UserId user, Instant createdAt) {
        SeckillOrder order = order(voucher, user);
        return new SeckillOrder(order.orderId(), order.userId(), order.voucherId(), createdAt);
    }
}
