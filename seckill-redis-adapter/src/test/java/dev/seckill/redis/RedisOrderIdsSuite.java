package dev.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.port.out.OrderIds;
import dev.seckill.domain.testing.MutableClock;
import dev.seckill.domain.testing.OrderIdsContract;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The domain's contract for order ids, and the hmdp layout, at volume and across midnight. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedisOrderIdsSuite extends OrderIdsContract {

    private RedisConnection connection;

    protected abstract RedisSettings settings();

    @BeforeAll
    void connect() {
        connection = RedisConnection.connect(settings());
    }

    @AfterAll
    void close() {
        connection.close();
    }

    @Override
    protected OrderIds newGenerator() {
        return new RedisOrderIds(connection);
    }

    @Test
    void aMillionIdsFromFourThreadsAndTwoGeneratorsAreUniqueIncreasingAndDecodeToTheirTime() throws Exception {
        List<OrderIds> generators = List.of(newGenerator(), newGenerator());
        int threads = 4;
        int perThread = 250_000;
        Instant start = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<CompletableFuture<long[]>> taken = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                OrderIds ids = generators.get(t % 2);
                taken.add(CompletableFuture.supplyAsync(
                        () -> {
                            long[] values = new long[perThread];
                            for (int i = 0; i < perThread; i++) {
                                values[i] =
                                        ids.next().toCompletableFuture().join().value();
                            }
                            return values;
                        },
                        pool));
            }
            CompletableFuture.allOf(taken.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdownNow();
        }
        Instant end = Instant.now();

        long[] all = new long[threads * perThread];
        for (int t = 0; t < threads; t++) {
            long[] values = taken.get(t).join();
            for (int i = 1; i < perThread; i++) {
                assertThat(values[i]).as("thread %d, id %d", t, i).isGreaterThan(values[i - 1]);
            }
            System.arraycopy(values, 0, all, t * perThread, perThread);
        }
        Arrays.sort(all);
        for (int i = 1; i < all.length; i++) {
            assertThat(all[i]).as("a duplicate id").isNotEqualTo(all[i - 1]);
        }
        Instant from = start.minusSeconds(1);
        Instant to = end.plusSeconds(1);
        assertThat(RedisOrderIds.timestampOf(new OrderId(all[0]))).isBetween(from, to);
        assertThat(RedisOrderIds.timestampOf(new OrderId(all[all.length - 1]))).isBetween(from, to);
    }

    @Test
    void idsStayUniqueAndIncreasingAcrossMidnightAndStartANewDailySequence() {
        LocalDate day =
                LocalDate.of(2040, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(10_000));
        Instant midnight = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        String oldKey = RedisOrderIds.KEY_PREFIX + day.toString().replace('-', ':');
        String newKey = RedisOrderIds.KEY_PREFIX + day.plusDays(1).toString().replace('-', ':');
        // a far-future day of our own: nobody else's ids are in these keys
        RedisFailures.await(connection.commands().del(oldKey));
        RedisFailures.await(connection.commands().del(newKey));
        MutableClock clock = new MutableClock(midnight.minusSeconds(2));
        List<RedisOrderIds> generators =
                List.of(new RedisOrderIds(connection, 7, clock), new RedisOrderIds(connection, 7, clock));
        List<List<OrderId>> taken = List.of(new ArrayList<>(), new ArrayList<>());

        for (int step = 0; step < 40; step++) {
            for (int g = 0; g < 2; g++) {
                for (int i = 0; i < 5; i++) {
                    taken.get(g)
                            .add(generators.get(g).next().toCompletableFuture().join());
                }
            }
            clock.advance(Duration.ofMillis(100));
        }

        List<OrderId> all = new ArrayList<>();
        for (List<OrderId> ids : taken) {
            assertThat(ids)
                    .isSortedAccordingTo((a, b) -> Long.compare(a.value(), b.value()))
                    .doesNotHaveDuplicates();
            all.addAll(ids);
        }
        assertThat(all).doesNotHaveDuplicates();
        List<OrderId> afterMidnight = all.stream()
                .filter(id -> !RedisOrderIds.timestampOf(id).isBefore(midnight))
                .toList();
        assertThat(afterMidnight)
                .as("ids of the new day")
                .isNotEmpty()
                .allSatisfy(id -> assertThat(RedisOrderIds.sequenceOf(id))
                        .as("sequence of the new day's key, above its floor")
                        .isLessThanOrEqualTo(2 * RedisOrderIds.FLOOR_PER_SECOND + all.size()));
        assertThat(all)
                .allSatisfy(id -> assertThat(RedisOrderIds.timestampOf(id))
                        .isBetween(midnight.minusSeconds(2), midnight.plusSeconds(2)));
        assertThat(RedisFailures.await(connection.commands().ttl(newKey)))
                .isBetween(Duration.ofHours(47).toSeconds(), RedisOrderIds.KEY_LIFE.toSeconds());
    }

    @Test
    void aCounterRedisLostStartsAgainAboveEveryNumberItHadHandedOut() {
        LocalDate day =
                LocalDate.of(2040, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(10_000));
        String key = RedisOrderIds.KEY_PREFIX + day.toString().replace('-', ':');
        RedisFailures.await(connection.commands().del(key));
        MutableClock clock = new MutableClock(day.atTime(12, 0).toInstant(ZoneOffset.UTC));
        RedisOrderIds before = new RedisOrderIds(connection, 7, clock);
        List<OrderId> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(before.next().toCompletableFuture().join());
        }

        RedisFailures.await(connection.commands().del(key));
        clock.advance(Duration.ofSeconds(1));
        RedisOrderIds after = new RedisOrderIds(connection, 7, clock);
        for (int i = 0; i < 20; i++) {
            all.add(after.next().toCompletableFuture().join());
            all.add(before.next().toCompletableFuture().join());
        }

        assertThat(all).doesNotHaveDuplicates();
        assertThat(RedisOrderIds.sequenceOf(all.get(0)))
                .as("the day's floor at noon")
                .isGreaterThan(12 * 3_600 * RedisOrderIds.FLOOR_PER_SECOND);
    }

    @Test
    void idsKeepIncreasingWhenTheClockStepsBack() {
        MutableClock clock = new MutableClock(Instant.now());
        RedisOrderIds ids = new RedisOrderIds(connection, 3, clock);
        long before = ids.next().toCompletableFuture().join().value();

        clock.advance(Duration.ofSeconds(-30));
        long after = ids.next().toCompletableFuture().join().value();
        long later = ids.next().toCompletableFuture().join().value();
        long evenLater = ids.next().toCompletableFuture().join().value();

        assertThat(List.of(before, after, later, evenLater)).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void oneIdPerRoundTripInHmdpsPlainIncrModeStillIncreases() {
        OrderIds ids = new RedisOrderIds(connection, 1);
        List<Long> taken = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            taken.add(ids.next().toCompletableFuture().join().value());
        }
        assertThat(taken).isSorted().doesNotHaveDuplicates();
    }
}
