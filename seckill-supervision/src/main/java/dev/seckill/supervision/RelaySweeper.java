package dev.seckill.supervision;

import dev.seckill.domain.model.ReservationStats;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.in.RelayOrders;
import dev.seckill.domain.port.out.PendingOrders;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.port.out.StockReservations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's sweeper, a supervised loop every instance runs: every interval it publishes again the
 * orders left pending too long (their publisher may have died) and counts what is pending, and how
 * old the oldest of it is, for the metrics. Without it an order whose publisher died stays pending.
 */
public final class RelaySweeper {

    public static final String LOOP = "relay-sweeper";

    private static final Logger LOG = LoggerFactory.getLogger(RelaySweeper.class);
    private static final long NONE_PENDING = Long.MAX_VALUE;

    private final RelayOrders relay;
    private final StockReservations reservations;
    private final PendingOrders pending;
    private final Supplier<List<VoucherSale>> recentSales;
    private final Clock clock;
    private final AtomicLong pendingOrders = new AtomicLong();
    // epoch millis of the oldest pending order's acceptance; its age is taken at the scrape, so it grows between sweeps
    private final AtomicLong oldestPendingSince = new AtomicLong(NONE_PENDING);
    private final Counter swept;

    /**
     * The sweeper's loop, every {@code interval}; started by the caller. {@code recentSales}: the sales whose orders may
     * still be pending (those that ended within the relay's horizon).
     */
    public static SupervisedLoop every(
            Duration interval,
            RelayOrders relay,
            StockReservations reservations,
            PendingOrders pending,
            Supplier<List<VoucherSale>> recentSales,
            Clock clock,
            MeterRegistry metrics) {
        RelaySweeper sweeper = new RelaySweeper(relay, reservations, pending, recentSales, clock, metrics);
        return SupervisedLoop.every(LOOP, interval, sweeper::sweep, metrics);
    }

    RelaySweeper(
            RelayOrders relay,
            StockReservations reservations,
            PendingOrders pending,
            Supplier<List<VoucherSale>> recentSales,
            Clock clock,
            MeterRegistry metrics) {
        this.relay = relay;
        this.reservations = reservations;
        this.pending = pending;
        this.recentSales = recentSales;
        this.clock = clock;
        Gauge.builder("seckill_pending_orders", pendingOrders, AtomicLong::get)
                .description("Accepted orders not yet acknowledged by the broker (Redis pending sets)")
                .register(metrics);
        Gauge.builder("seckill_oldest_pending_order_age_seconds", this, RelaySweeper::oldestPendingAgeSeconds)
                .description(
                        "Age of the oldest accepted order not yet acknowledged by the broker, 0 when none is pending")
                .register(metrics);
        Gauge.builder("seckill_relay_in_flight", relay, RelayOrders::inFlight)
                .description("Orders being published right now")
                .register(metrics);
        this.swept = Counter.builder("seckill.orders.swept")
                .description("Pending orders published again by the sweeper (their publisher died or gave up)")
                .register(metrics);
    }

    /** One sweep; an outage is only logged (the next sweep tries again), anything worse restarts the loop. */
    void sweep() {
        try {
            int published = relay.sweep();
            if (published > 0) {
                swept.increment(published);
                LOG.info("sweeper published {} orders left pending", published);
            }
            long count = 0;
            long oldest = NONE_PENDING;
            for (VoucherSale sale : recentSales.get()) {
                long ofSale = reservations
                        .stats(sale.voucherId())
                        .map(ReservationStats::pendingOrders)
                        .orElse(0L);
                count += ofSale;
                if (ofSale > 0) {
                    for (SeckillOrder order : pending.olderThan(sale.voucherId(), Duration.ZERO, 1)) {
                        oldest = Math.min(oldest, order.createdAt().toEpochMilli());
                    }
                }
            }
            pendingOrders.set(count);
            oldestPendingSince.set(oldest);
        } catch (ServiceUnavailableException e) {
            LOG.warn("sweep failed, will try again: {}", e.getMessage());
        }
    }

    private double oldestPendingAgeSeconds() {
        long since = oldestPendingSince.get();
        if (since == NONE_PENDING) {
            return 0;
        }
        return Math.max(0, clock.millis() - since) / 1000.0;
    }
}
