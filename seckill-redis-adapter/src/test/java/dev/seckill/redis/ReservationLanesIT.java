package dev.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.testsupport.TcpProxy;
import dev.seckill.testsupport.TestServices;
import io.lettuce.core.RedisURI;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The buyers of one sale who arrive together are decided in merged calls on the real Redis: each is answered as a call
 * of its own would have answered, none sells twice or beyond the stock, each request goes in exactly one call, and a
 * call that fails fails each of its requests.
 */
class ReservationLanesIT {

    private static final AtomicLong ORDER_IDS =
            new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50));

    private final String prefix = TestRedis.uniquePrefix();
    private final List<Integer> batches = new CopyOnWriteArrayList<>();

    private static SeckillOrder order(VoucherId voucher, long user) {
        return new SeckillOrder(new OrderId(ORDER_IDS.incrementAndGet()), new UserId(user), voucher, Instant.now());
    }

    private RedisStockReservations countingBatches(RedisConnection redis) {
        return new RedisStockReservations(redis, prefix, OpenTelemetry.noop(), batches::add);
    }

    @Test
    void buyersArrivingTogetherAreMergedAndEachIsAnsweredAsAloneWouldBe() {
        try (RedisConnection redis = RedisConnection.connect(TestRedis.single())) {
            RedisStockReservations reservations = countingBatches(redis);
            VoucherSale sale = OpenSales.withStock(100);
            reservations.load(sale);
            // 300 buyers, the first 100 of them clicking twice, all at once
            List<SeckillOrder> orders = new ArrayList<>();
            for (long user = 1; user <= 300; user++) {
                orders.add(order(sale.voucherId(), user));
                if (user <= 100) {
                    orders.add(order(sale.voucherId(), user));
                }
            }
            List<CompletableFuture<Reservation>> answers = orders.stream()
                    .map(order -> reservations.reserve(order).toCompletableFuture())
                    .toList();

            Map<Reservation, Integer> counted = new EnumMap<>(Reservation.class);
            Map<UserId, Integer> reservedPerBuyer = new HashMap<>();
            for (int i = 0; i < orders.size(); i++) {
                Reservation answer = answers.get(i).join();
                counted.merge(answer, 1, Integer::sum);
                if (answer == Reservation.RESERVED) {
                    reservedPerBuyer.merge(orders.get(i).userId(), 1, Integer::sum);
                }
            }

            assertThat(counted.get(Reservation.RESERVED)).isEqualTo(100);
            assertThat(reservedPerBuyer.values()).allMatch(n -> n == 1);
            assertThat(counted.keySet())
                    .containsOnly(Reservation.RESERVED, Reservation.ALREADY_ORDERED, Reservation.SOLD_OUT);
            assertThat(reservations.stats(sale.voucherId()).orElseThrow().stock())
                    .isZero();
            assertThat(reservations.reservations(sale.voucherId())).hasSize(100);
            assertThat(batches.stream().mapToInt(Integer::intValue).sum())
                    .as("every request in exactly one call")
                    .isEqualTo(orders.size());
            assertThat(batches).as("merged: fewer calls than requests").hasSizeLessThan(orders.size());
            assertThat(batches).allMatch(size -> size <= ReservationLanes.MAX_BATCH);
        } finally {
            cleanUp();
        }
    }

    @Test
    void aBuyerAloneGoesAtOnceInACallOfHisOwn() {
        try (RedisConnection redis = RedisConnection.connect(TestRedis.single())) {
            RedisStockReservations reservations = countingBatches(redis);
            VoucherSale sale = OpenSales.withStock(3);
            reservations.load(sale);

            for (long user = 1; user <= 5; user++) {
                reservations
                        .reserve(order(sale.voucherId(), user))
                        .toCompletableFuture()
                        .join();
            }

            assertThat(batches).containsExactly(1, 1, 1, 1, 1);
        } finally {
            cleanUp();
        }
    }

    @Test
    void aMergedCallThatFailsFailsEachOfItsRequestsAndHoldsNothing() {
        RedisURI target = RedisURI.create(TestServices.redisUri());
        try (TcpProxy proxy = new TcpProxy(new TestServices.Endpoint(target.getHost(), target.getPort()));
                RedisConnection redis = RedisConnection.connect(
                        RedisSettings.of("redis://" + proxy.endpoint() + "/" + target.getDatabase())
                                .withCommandTimeout(Duration.ofSeconds(1)))) {
            RedisStockReservations reservations = countingBatches(redis);
            VoucherSale sale = OpenSales.withStock(10);
            reservations.load(sale);
            proxy.cut();

            List<CompletableFuture<Reservation>> answers = new ArrayList<>();
            for (long user = 1; user <= 20; user++) {
                answers.add(reservations.reserve(order(sale.voucherId(), user)).toCompletableFuture());
            }

            assertThat(answers)
                    .allSatisfy(answer -> assertThat(answer)
                            .failsWithin(Duration.ofSeconds(10))
                            .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                            .withCauseInstanceOf(ServiceUnavailableException.class));
            proxy.restore();
            await().atMost(Duration.ofSeconds(10)).until(redis::ping);
            assertThat(reservations.stats(sale.voucherId()).orElseThrow().stock())
                    .as("nothing held")
                    .isEqualTo(10);
        } finally {
            cleanUp();
        }
    }

    private void cleanUp() {
        try (RedisConnection redis = RedisConnection.connect(TestRedis.single())) {
            TestRedis.deleteKeys(redis, prefix);
        } catch (CompletionException e) {
            // the keys expire with the test database anyway
        }
    }
}
