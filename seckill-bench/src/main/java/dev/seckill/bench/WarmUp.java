package dev.seckill.bench;

import dev.seckill.bench.BenchSettings.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The load before the measured load, not counted: the server's JVM compiled and its pools filled first. */
final class WarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    private static final int WARMUP_STOCK = 1_000;
    private static final Duration REHEARSAL_STEP = Duration.ofSeconds(4);
    // below this the JIT no longer competes with the server for the cores (two compiler threads could take 2,000)
    private static final double SETTLED_JIT_MS_PER_SECOND = 50;

    private final BenchSettings settings;
    private final String name;
    private final LoadPlans plans;
    private final LongFunction<byte[][]> requestsFor;
    private final LongFunction<StatsSampler> watch;

    /**
     * @param requestsFor one purchase request per logged-in user, for a voucher
     * @param watch       the sampling that watches the measured accept path, started on a voucher
     */
    WarmUp(
            BenchSettings settings,
            String name,
            LoadPlans plans,
            LongFunction<byte[][]> requestsFor,
            LongFunction<StatsSampler> watch) {
        this.settings = settings;
        this.name = name;
        this.plans = plans;
        this.requestsFor = requestsFor;
        this.watch = watch;
    }

    /** The open model's warm-up of the bare endpoint. */
    void bare() {
        if (!settings.warmup().isZero()) {
            LoadGenerator.run(plans.closed("bare-warmup", LoadPlans.BARE, false, settings.warmup()));
        }
    }

    /**
     * The closed model's warm-up: the measured sequence (bare, accept, repeat, sold out) in short
     * rounds, each accept round on a voucher of its own, until the server's JIT has settled or --warmup
     * is spent. Warmed on one path only, the JIT compiles the server for it, and the first request of
     * another path throws that code away (on 2 cores, recompiling takes tens of seconds).
     */
    void rehearse(AdminApi api) {
        if (settings.warmup().isZero()) {
            return;
        }
        long deadline = System.nanoTime() + settings.warmup().toNanos();
        // a short --warmup gets shorter steps: a round of four never outlasts it by much
        Duration step = settings.warmup().dividedBy(4).compareTo(REHEARSAL_STEP) < 0
                ? settings.warmup().dividedBy(4)
                : REHEARSAL_STEP;
        byte[][] soldOut = requestsFor.apply(api.registerVoucher("bench warm-up sold out " + name, 1));
        long accepted = 0;
        List<Long> vouchers = new ArrayList<>();
        double compilingMsPerSecond = Double.NaN;
        for (int round = 1;
                System.nanoTime() < deadline && !(compilingMsPerSecond < SETTLED_JIT_MS_PER_SECOND);
                round++) {
            long roundStart = System.nanoTime();
            Optional<Long> compiledBefore = api.compilationMillis();
            long voucher = api.registerVoucher("bench warm-up " + round + " " + name, settings.users() + 1);
            vouchers.add(voucher);
            byte[][] requests = requestsFor.apply(voucher);
            LoadGenerator.run(plans.closed("bare-warmup", LoadPlans.BARE, false, step));
            LoadResult accept;
            // watched as the measured accept path is: the server's /metrics answer gets hot only under that sampling
            try (StatsSampler watching = watch.apply(voucher)) {
                accept = LoadGenerator.run(
                        plans.closed("accept-warmup", SlotWorkload.inTurn(requests), true, step, settings.users()));
            }
            accepted += accept.accepts().size();
            int[] holders = accept.accepts().stream()
                    .mapToInt(LoadRecorder.Accept::slot)
                    .distinct()
                    .toArray();
            if (holders.length > 0) {
                LoadGenerator.run(plans.closed("repeat-warmup", SlotWorkload.inTurn(requests, holders), true, step));
                LoadGenerator.run(plans.closed("sold-out-warmup", SlotWorkload.inTurn(soldOut, holders), true, step));
            }
            double seconds = (System.nanoTime() - roundStart) / 1e9;
            compilingMsPerSecond = api.compilationMillis()
                    .flatMap(after -> compiledBefore.map(before -> (after - before) / seconds))
                    .orElse(Double.NaN);
        }
        String warm = "warmed up: %d rounds of bare, accept, repeat and sold out, %d orders accepted; the server's JIT "
                        .formatted(vouchers.size(), accepted)
                + (compilingMsPerSecond < SETTLED_JIT_MS_PER_SECOND
                        ? "settled (%.0f ms of compiling per second in the last round)".formatted(compilingMsPerSecond)
                        : "had not settled within --warmup %s (%.0f ms of compiling per second in the last round)"
                                .formatted(Durations.format(settings.warmup()), compilingMsPerSecond));
        LOG.info(warm);
        awaitRecorded(api, vouchers, accepted);
    }

    /** Waits until the warm-up's orders are in the DB, so that the measured run starts quiet. */
    private void awaitRecorded(AdminApi api, List<Long> vouchers, long accepted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            long recorded = 0;
            long pending = 0;
            for (long voucher : vouchers) {
                Optional<AdminApi.Stats> stats = api.stats(voucher);
                recorded += stats.map(s -> s.dbOrders() + s.dlqOrders()).orElse(0L);
                pending += stats.map(AdminApi.Stats::pendingOrders).orElse(1L);
            }
            if (pending == 0 && recorded >= accepted) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        LOG.warn("the warm-up's orders did not all reach the DB within 30 s; measuring anyway");
    }

    /**
     * Warms the seckill path up on a voucher of its own, then waits for its orders so the measured run
     * starts quiet. In the closed model its stock covers every user, so that the accept path (the
     * relay, the consumer, the ledger) is warm too, not only the answers after the sale.
     */
    void seckill(AdminApi api) {
        if (settings.warmup().isZero()) {
            return;
        }
        int stock = settings.model() == Model.CLOSED ? settings.users() : Math.min(WARMUP_STOCK, settings.users());
        long warmup = api.registerVoucher("bench warm-up " + name, stock);
        byte[][] requests = requestsFor.apply(warmup);
        LoadResult result = LoadGenerator.run(
                plans.closed("seckill-warmup", SlotWorkload.inTurn(requests), true, settings.warmup()));
        awaitRecorded(api, List.of(warmup), result.accepts().size());
    }
}
