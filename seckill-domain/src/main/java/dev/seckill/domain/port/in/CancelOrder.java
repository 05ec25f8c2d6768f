package dev.seckill.domain.port.in;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.UserId;

/** The buyer takes back an order before paying it. */
public interface CancelOrder {

    /**
     * Cancels the owner's unpaid order and gives its unit back on sale (the buyer may buy again);
     * cancelling a cancelled order answers the same. Throws
     * {@link dev.seckill.domain.model.OrderChangeRefused} when it is paid, not there yet or failed.
     */
    OrderView cancel(UserId owner, OrderId orderId);
}
