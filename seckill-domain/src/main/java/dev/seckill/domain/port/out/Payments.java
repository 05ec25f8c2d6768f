package dev.seckill.domain.port.out;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.UserId;

/**
 * Where an order's price is charged. Both calls are idempotent per order: a provider keys them by
 * the order id, so a retried payment charges nothing twice. Throws
 * {@link ServiceUnavailableException} when the provider cannot be reached (nothing was charged).
 */
public interface Payments {

    /** Charges the buyer for the order; a second charge of the same order changes nothing. */
    void charge(OrderId orderId, UserId payer);

    /** Gives the order's charge back: its order was cancelled or expired before the payment could count. */
    void refund(OrderId orderId);
}
