package dev.seckill.domain.port.out;

import dev.seckill.domain.model.OrderDelivery;

/** Tells a human that something needs attention. Must not throw: an alert that cannot be sent is logged. */
public interface Alerts {

    /** An order failed for good: it was dead-lettered and its unit given back; {@code reason} is its last error. */
    void orderFailed(OrderDelivery delivery, String reason);
}
