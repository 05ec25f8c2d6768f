package dev.seckill.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.domain.model.NewSeckillVoucher;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.RecordOutcome;
import dev.seckill.domain.model.RecordResult;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.testsupport.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Eight ledgers, each with its own pool as if in its own process, record overlapping batches of
 * the same 5,000 users' orders with re-deliveries and second clicks mixed in.
 */
class MySqlLedgerConcurrencyIT {

    private static final String NAME = TestServices.uniqueName("seckill_it");
    private static final int LEDGERS = 8;
    private static final int USERS = 5_000;
    private static final int STOCK = 1_000;
    // a second voucher in the same batches, so that the ledgers also lock several rows each
    private static final int OTHER_STOCK = 300;

    private static final List<MySqlDatabase> databases = new ArrayList<>();
    private static Jdbi direct;

    @BeforeAll
    static void open() {
        for (int i = 0; i < LEDGERS; i++) {
            databases.add(MySqlDatabase.open(TestDatabases.settings(NAME).withPoolSize(2)));
        }
        direct = TestDatabases.direct(NAME);
    }

    @AfterAll
    static void close() {
        databases.forEach(MySqlDatabase::close);
        TestDatabases.drop(NAME);
    }

    @Test
    void eightLedgersSellExactlyTheStockOncePerUser() throws Exception {
        MySqlVoucherCatalogue catalogue = new MySqlVoucherCatalogue(databases.get(0));
        VoucherId voucher = register(catalogue, STOCK);
        VoucherId other = register(catalogue, OTHER_STOCK);
        Random random = new Random(20261126);
        long ids = 1L << 40;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<SeckillOrder> firstClicks = new ArrayList<>();
        for (long user = 1; user <= USERS; user++) {
            firstClicks.add(new SeckillOrder(new OrderId(++ids), new UserId(user), voucher, now));
            firstClicks.add(new SeckillOrder(new OrderId(++ids), new UserId(user), other, now));
        }

        List<List<List<SeckillOrder>>> work = new ArrayList<>();
        for (int ledger = 0; ledger < LEDGERS; ledger++) {
            // each ledger sees a quarter of the orders, starting an eighth further on: every order is seen twice
            List<SeckillOrder> seen = new ArrayList<>();
            int from = ledger * firstClicks.size() / LEDGERS;
            for (int i = 0; i < firstClicks.size() / 4; i++) {
                SeckillOrder order = firstClicks.get((from + i) % firstClicks.size());
                seen.add(order);
                int dice = random.nextInt(100);
                if (dice < 5) {
                    seen.add(order); // a re-delivery
                } else if (dice < 10) {
                    seen.add(new SeckillOrder(new OrderId(++ids), order.userId(), order.voucherId(), now));
                }
            }
            Collections.shuffle(seen.subList(0, seen.size() / 2), random);
            List<List<SeckillOrder>> batches = new ArrayList<>();
            for (int at = 0; at < seen.size(); ) {
                int size = 1 + random.nextInt(300);
                batches.add(List.copyOf(seen.subList(at, Math.min(seen.size(), at + size))));
                at += size;
            }
            work.add(batches);
        }
        Set<Long> covered = new HashSet<>();
        work.forEach(batches -> batches.forEach(
                batch -> batch.forEach(order -> covered.add(order.orderId().value()))));
        assertThat(covered)
                .containsAll(firstClicks.stream().map(o -> o.orderId().value()).toList());

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger lowestStock = new AtomicInteger(Integer.MAX_VALUE);
        ExecutorService threads = Executors.newFixedThreadPool(LEDGERS + 1);
        Future<?> watcher = threads.submit(() -> direct.useHandle(handle -> {
            // samples the stock every few milliseconds while the ledgers run: it must never be seen below zero
            while (running.get()) {
                int lowest = handle.createQuery("SELECT MIN(stock) FROM tb_seckill_voucher WHERE voucher_id IN (?, ?)")
                        .bind(0, voucher.value())
                        .bind(1, other.value())
                        .mapTo(Integer.class)
                        .one();
                lowestStock.accumulateAndGet(lowest, Math::min);
                LockSupport.parkNanos(5_000_000);
            }
        }));
        List<Future<List<RecordResult>>> recorded = new ArrayList<>();
        for (int ledger = 0; ledger < LEDGERS; ledger++) {
            MySqlOrderLedger orders = new MySqlOrderLedger(databases.get(ledger), Duration.ofMinutes(15));
            List<List<SeckillOrder>> batches = work.get(ledger);
            recorded.add(threads.submit(() -> {
                List<RecordResult> results = new ArrayList<>();
                for (List<SeckillOrder> batch : batches) {
                    results.addAll(orders.record(batch));
                }
                return results;
            }));
        }
        List<RecordResult> results = new ArrayList<>();
        try {
            for (Future<List<RecordResult>> ledger : recorded) {
                results.addAll(ledger.get(120, TimeUnit.SECONDS));
            }
        } finally {
            running.set(false);
            watcher.get(10, TimeUnit.SECONDS);
            threads.shutdownNow();
        }

        assertThat(results).extracting(RecordResult::outcome).doesNotContain(RecordOutcome.FAILED);
        Map<VoucherId, Long> createdResults = new HashMap<>();
        results.stream()
                .filter(r -> r.outcome() == RecordOutcome.CREATED)
                .forEach(r -> createdResults.merge(r.order().voucherId(), 1L, Long::sum));
        assertThat(createdResults).isEqualTo(Map.of(voucher, (long) STOCK, other, (long) OTHER_STOCK));
        assertThat(stock(voucher)).isZero();
        assertThat(stock(other)).isZero();
        assertThat(lowestStock.get()).isBetween(0, STOCK);
        assertThat(orderCount(voucher)).isEqualTo(STOCK);
        assertThat(orderCount(other)).isEqualTo(OTHER_STOCK);
        List<Long> usersTwice = direct.withHandle(handle -> handle.createQuery("""
                        SELECT user_id FROM tb_voucher_order WHERE voucher_id IN (?, ?)
                        GROUP BY user_id, voucher_id HAVING COUNT(*) > 1""")
                .bind(0, voucher.value())
                .bind(1, other.value())
                .mapTo(Long.class)
                .list());
        assertThat(usersTwice).isEmpty();
        Set<Long> createdIds = new HashSet<>();
        results.stream()
                .filter(r -> r.outcome() == RecordOutcome.CREATED)
                .forEach(r -> createdIds.add(r.order().orderId().value()));
        assertThat(createdIds).hasSize(STOCK + OTHER_STOCK);
        Set<Long> storedIds = direct.withHandle(
                handle -> handle.createQuery("SELECT id FROM tb_voucher_order WHERE voucher_id IN (?, ?)")
                        .bind(0, voucher.value())
                        .bind(1, other.value())
                        .mapTo(Long.class)
                        .set());
        assertThat(storedIds).isEqualTo(createdIds);
    }

    private static VoucherId register(MySqlVoucherCatalogue catalogue, int stock) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return catalogue.register(new NewSeckillVoucher(
                1,
                "concurrency",
                "sub",
                "rules",
                100,
                200,
                stock,
                new SaleWindow(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))));
    }

    private static int stock(VoucherId voucher) {
        return direct.withHandle(
                handle -> handle.createQuery("SELECT stock FROM tb_seckill_voucher WHERE voucher_id = ?")
                        .bind(0, voucher.value())
                        .mapTo(Integer.class)
                        .one());
    }

    private static int orderCount(VoucherId voucher) {
        return direct.withHandle(
                handle -> handle.createQuery("SELECT COUNT(*) FROM tb_voucher_order WHERE voucher_id = ?")
                        .bind(0, voucher.value())
                        .mapTo(Integer.class)
                        .one());
    }
}
