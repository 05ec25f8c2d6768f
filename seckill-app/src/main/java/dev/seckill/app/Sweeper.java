package dev.seckill.app;

import dev.seckill.domain.model.ReservationStats;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.in.RelayOrders;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.port.out.StockReservations;
import dev.seckill.supervision.SupervisedLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's sweeper, a supervised loop: every interval it publishes again the orders left pending
 * too long (their publisher may have died) and counts what is pending, for the metrics.
 */
final class Sweeper implements AutoCloseable {

    static final String LOOP = "relay-sweeper";

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final RelayOrders relay;
    private final StockReservations reservations;
    private final Supplier<List<VoucherSale>> recentSales;
    private final AtomicLong pendingOrders = new AtomicLong();
    private final Counter swept;
    private final SupervisedLoop loop;

    Sweeper(RelayOrders relay, StockReservations reservations, Supplier<List<VoucherSale>> recentSales, Duration interval,
            MeterRegistry metrics) {
        this.relay = relay;
        this.reservations = reservations;
        this.recentSales = recentSales;
        Gauge.builder("seckill_pending_orders", pendingOrders, AtomicLong::get)
                .description("Accepted orders not yet acknowledged by the broker (Redis pending sets)").register(metrics);
        this.swept = Counter.builder("seckill.orders.swept")
                .description("Pending orders published again by the sweeper (their publisher died or gave up)").register(metrics);
        this.loop = new SupervisedLoop(LOOP, stop -> {
            while (!stop.requested()) {
                stop.pause(interval);
                sweep();
            }
        }, Duration.ofSeconds(1), Duration.ofSeconds(30), metrics);
    }

    void start() {
        loop.start();
    }

    boolean up() {
        return loop.up();
    }

    @Override
    public void close() {
        loop.close();
    }

    /** One sweep; an outage is only logged (the next sweep tries again), anything worse restarts the loop. */
    private void sweep() {
        try {
            int published = relay.sweep();
            if (published > 0) {
                swept.increment(published);
                LOG.info("sweeper published {} orders left pending", published);
            }
            long pending = 0;
            for (VoucherSale sale : recentSales.get()) {
                pending += reservations.stats(sale.voucherId()).map(ReservationStats::pendingOrders).orElse(0L);
            }
            pendingOrders.set(pending);
        } catch (ServiceUnavailableException e) {
            LOG.warn("sweep failed, will try again: {}", e.getMessage());
        }
    }
}
