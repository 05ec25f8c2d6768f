package dev.seckill.domain.port.out;

import dev.seckill.domain.model.OrderDelivery;

/** Tells a human that something needs attention. Must not throw: an alert that cannot be sent is logged. */
public interface Alerts {

    void orderFailed(OrderDelivery delivery, String reason);
}
