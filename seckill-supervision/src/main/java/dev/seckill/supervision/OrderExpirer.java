package dev.seckill.supervision;

import dev.seckill.domain.port.in.ExpireOrders;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payment deadline's keeper, a supervised loop in every instance: every interval it expires the
 * overdue unpaid orders and finishes the cancels whose unit Redis does not have back yet. The
 * ledger's compare-and-set makes instances running it at once harmless.
 */
public final class OrderExpirer {

    public static final String LOOP = "order-expirer";

    private static final Logger LOG = LoggerFactory.getLogger(OrderExpirer.class);

    private final ExpireOrders expireOrders;
    private final Counter expired;

    OrderExpirer(ExpireOrders expireOrders, MeterRegistry metrics) {
        this.expireOrders = expireOrders;
        this.expired = Counter.builder("seckill.orders.expired")
                .description("Unpaid orders cancelled at their payment deadline (their units back on sale)")
                .register(metrics);
    }

    /** The expirer's loop, every {@code interval}; started by the caller. */
    public static SupervisedLoop every(Duration interval, ExpireOrders expireOrders, MeterRegistry metrics) {
        OrderExpirer expirer = new OrderExpirer(expireOrders, metrics);
        return SupervisedLoop.every(LOOP, interval, expirer::expireOnce, metrics);
    }

    /** One pass; an outage is only logged (the next pass tries again), anything worse restarts the loop. */
    private void expireOnce() {
        try {
            int count = expireOrders.expire();
            if (count > 0) {
                expired.increment(count);
                LOG.info("expired {} unpaid orders: their units are on sale again", count);
            }
        } catch (ServiceUnavailableException e) {
            LOG.warn("expiring orders failed, will try again: {}", e.getMessage());
        }
    }
}
