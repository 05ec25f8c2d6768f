package dev.seckill.mysql;

import dev.seckill.domain.model.LedgerStats;
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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Orders per second the ledger records into a fresh database, for batches of 1 order (the seed's
 * way: one transaction per order), 100 and 500 (or the sizes given), in one run. From the repository root, with the
 * database of {@code ./seckill services up}:
 * <pre>
 * mvn -B -q -pl seckill-mysql-adapter test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
 * java -cp seckill-mysql-adapter/target/test-classes:seckill-mysql-adapter/target/classes:$(cat seckill-mysql-adapter/target/test.classpath) \
 *      dev.seckill.mysql.LedgerThroughput [orders per batch size, default 20000] [recording threads, default 1] [useServerPrepStmts, default false] \
 *      [batch sizes, default 1,100,500]
 * </pre>
 */
public final class LedgerThroughput {

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() << 8);

    private LedgerThroughput() {}

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        boolean serverPrepared = args.length > 2 && Boolean.parseBoolean(args[2]);
        int[] batchSizes = Arrays.stream((args.length > 3 ? args[3] : "1,100,500").split(","))
                .mapToInt(size -> Integer.parseInt(size.trim()))
                .toArray();
        String name = TestServices.uniqueName("seckill_bench");
        MySqlSettings settings =
                TestDatabases.settings(name).withPoolSize(threads + 1).withUseServerPrepStmts(serverPrepared);
        System.out.printf(
                "%,d orders per batch size, %d recording thread(s), useServerPrepStmts=%s, database %s%n",
                orders, threads, serverPrepared, name);
        try (MySqlDatabase database = MySqlDatabase.open(settings)) {
            MySqlVoucherCatalogue catalogue = new MySqlVoucherCatalogue(database);
            MySqlOrderLedger ledger = new MySqlOrderLedger(database, Duration.ofMinutes(15));
            // warm-up: JIT, the pool and the statement caches
            run(catalogue, ledger, 1, 500, threads);
            run(catalogue, ledger, 100, 2_000, threads);
            run(catalogue, ledger, 500, 2_000, threads);
            for (int batchSize : batchSizes) {
                Duration took = run(catalogue, ledger, batchSize, orders, threads);
                System.out.printf(
                        "batch size %3d: %,d orders in %6.2f s = %,8.0f orders/s%n",
                        batchSize, orders, took.toNanos() / 1e9, orders / (took.toNanos() / 1e9));
            }
        } finally {
            TestDatabases.drop(name);
        }
    }

    private static Duration run(
            MySqlVoucherCatalogue catalogue, MySqlOrderLedger ledger, int batchSize, int orders, int threads)
            throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        VoucherId voucher = catalogue.register(new NewSeckillVoucher(
                1,
                "throughput",
                "sub",
                "rules",
                100,
                200,
                orders,
                new SaleWindow(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))));
        ConcurrentLinkedQueue<List<SeckillOrder>> batches = new ConcurrentLinkedQueue<>();
        List<SeckillOrder> batch = new ArrayList<>(batchSize);
        for (long user = 1; user <= orders; user++) {
            batch.add(new SeckillOrder(new OrderId(IDS.incrementAndGet()), new UserId(user), voucher, now));
            if (batch.size() == batchSize) {
                batches.add(List.copyOf(batch));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(List.copyOf(batch));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        List<Future<Long>> created = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            created.add(pool.submit(() -> {
                long count = 0;
                for (List<SeckillOrder> next = batches.poll(); next != null; next = batches.poll()) {
                    count += ledger.record(next).stream()
                            .map(RecordResult::outcome)
                            .filter(RecordOutcome.CREATED::equals)
                            .count();
                }
                return count;
            }));
        }
        long total = 0;
        for (Future<Long> count : created) {
            total += count.get();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        pool.shutdown();
        LedgerStats stats = ledger.stats(voucher).orElseThrow();
        if (total != orders || stats.orders() != orders || stats.stock() != 0) {
            throw new IllegalStateException("expected " + orders + " orders created, got " + total + " and " + stats);
        }
        return took;
    }
}
