package dev.seckill.bench;

import dev.seckill.domain.model.ReservationStats;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** After the load: polls the DB and Redis directly (the server may be down) until the orders have settled. */
final class DrainWatch {

    private static final Logger LOG = LoggerFactory.getLogger(DrainWatch.class);
    private static final Duration DRAIN_POLL = Duration.ofMillis(20);
    private static final Duration SETTLED_FOR = Duration.ofSeconds(1);
    private static final Duration STUCK_FOR = Duration.ofSeconds(10);

    private final BenchSettings settings;
    private final SaleInspector inspector;

    DrainWatch(BenchSettings settings, SaleInspector inspector) {
        this.settings = settings;
        this.inspector = inspector;
    }

    /**
     * Polls until every accepted order is in the DB or the DLQ and Redis agrees (or nothing moved
     * for a while), also while a drill still runs; the timeout counts from the drill's end.
     */
    Drain await(
            long voucherId,
            LoadResult seckill,
            long loadEnd,
            Thread drill,
            Duration drillPatience,
            StatsSampler sampler) {
        long accepted = seckill.accepts().stream()
                .mapToLong(LoadRecorder.Accept::orderId)
                .distinct()
                .count();
        long atLoadEnd = -1;
        long drillLimit = loadEnd + drillPatience.toNanos();
        long deadline = loadEnd + settings.drainTimeout().toNanos();
        long lastOrders = -1;
        long lastChange = System.nanoTime();
        long lastOrderAt = -1;
        String lastState = "";
        boolean settled = false;
        boolean first = true;
        while (true) {
            long now = System.nanoTime();
            // polled from the load's end, also while a drill still runs; the timeout counts from the drill's end
            boolean drilling = drill != null && drill.isAlive() && now < drillLimit;
            if (drilling) {
                deadline = now + settings.drainTimeout().toNanos();
            }
            if (now >= deadline) {
                break;
            }
            if (first) {
                first = false;
                // if the DB is down right now, no order can be recorded until it is back: the last sample counts
                atLoadEnd = sampler.lastDbOrders();
            }
            try {
                long orders = inspector.dbOrders(voucherId);
                long failed = inspector.failedOrders(voucherId);
                ReservationStats redisStats = inspector.redisStats(voucherId);
                if (lastOrders < 0 && now - loadEnd < DRAIN_POLL.toNanos() * 5) {
                    atLoadEnd = orders;
                }
                String state = orders + "/" + failed + "/" + redisStats;
                if (!state.equals(lastState)) {
                    lastState = state;
                    lastChange = now;
                }
                if (orders != lastOrders) {
                    lastOrders = orders;
                    lastOrderAt = now;
                }
                boolean complete = redisStats.pendingOrders() == 0 && orders + failed >= accepted;
                boolean agrees = redisStats.reservedUsers() == orders;
                if (!drilling
                        && complete
                        && ((agrees && now - lastChange >= SETTLED_FOR.toNanos())
                                || now - lastChange >= STUCK_FOR.toNanos())) {
                    settled = true;
                    break;
                }
            } catch (SQLException | RuntimeException e) {
                LOG.debug("drain poll failed (a service may be down): {}", e.getMessage());
            }
            LockSupport.parkNanos(DRAIN_POLL.toNanos());
        }
        if (!settled) {
            LOG.warn(
                    "the orders did not settle within {}: auditing what there is",
                    Durations.format(settings.drainTimeout()));
        }
        long lastAccept = seckill.accepts().isEmpty()
                ? -1
                : seckill.accepts().get(seckill.accepts().size() - 1).atNanos();
        long finalOrders = Math.max(0, lastOrders);
        // the orders may all have been in before the first poll: the stats samples say when
        OptionalLong reachedAt = sampler.firstReaching(finalOrders);
        if (finalOrders > 0 && reachedAt.isPresent() && (lastOrderAt < 0 || reachedAt.getAsLong() < lastOrderAt)) {
            lastOrderAt = reachedAt.getAsLong();
        }
        long afterLoad = atLoadEnd < 0 ? finalOrders : finalOrders - atLoadEnd;
        Double drainMs = lastAccept < 0 || lastOrderAt < 0 || finalOrders == 0
                ? null
                : Math.max(0, lastOrderAt - lastAccept) / 1e6;
        double afterSeconds = lastOrderAt < 0 ? 0 : Math.max(0, lastOrderAt - loadEnd) / 1e9;
        Double afterRate = afterLoad > 0 && afterSeconds > 0 ? afterLoad / afterSeconds : null;
        double runSeconds = lastOrderAt < 0 ? 0 : (lastOrderAt - seckill.origin()) / 1e9;
        Double overall = finalOrders > 0 && runSeconds > 0 ? finalOrders / runSeconds : null;
        Double recordedWithin = lastOrderAt < 0 ? null : Math.max(0, lastOrderAt - loadEnd) / 1e6;
        return new Drain(settled, finalOrders, afterLoad, drainMs, afterRate, overall, recordedWithin);
    }
}
