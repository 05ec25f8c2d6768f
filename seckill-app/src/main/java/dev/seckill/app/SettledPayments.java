package dev.seckill.app;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.port.out.Payments;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A payment provider that settles every charge at once, so that the order's whole life runs end to
 * end; a real provider replaces it behind the same port, keyed by the order id.
 */
final class SettledPayments implements Payments {

    private static final Logger LOG = LoggerFactory.getLogger(SettledPayments.class);

    private final Counter charged;
    private final Counter refunded;

    SettledPayments(MeterRegistry metrics) {
        this.charged = Counter.builder("seckill.payments.charged")
                .description("Charges settled (a retried charge counts again)")
                .register(metrics);
        this.refunded = Counter.builder("seckill.payments.refunded")
                .description("Charges given back: their order was cancelled or expired first")
                .register(metrics);
    }

    @Override
    public void charge(OrderId orderId, UserId payer) {
        charged.increment();
        LOG.debug("charged order {} to user {}", orderId, payer);
    }

    @Override
    public void refund(OrderId orderId) {
        refunded.increment();
        LOG.info("refunded order {}: it was cancelled or expired before the payment counted", orderId);
    }
}
