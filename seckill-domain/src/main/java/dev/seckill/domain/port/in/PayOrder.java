package dev.seckill.domain.port.in;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.UserId;

/** The buyer pays an order before its deadline. */
public interface PayOrder {

    /**
     * Pays the owner's order before its deadline and answers it {@code PAID}; paying a paid order
     * again answers the same and charges nothing. Throws
     * {@link dev.seckill.domain.model.OrderChangeRefused} when the order is not there yet, expired,
     * cancelled or failed: then nothing is charged (a charge that lost the race is refunded).
     */
    OrderView pay(UserId owner, OrderId orderId);
}
