package dev.seckill.domain.port.in;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.UserId;
import java.util.Optional;

/** An order's status, for its owner only. */
public interface LookUpOrder {

    /** Empty when the order is unknown or belongs to another user. */
    Optional<OrderView> find(UserId owner, OrderId orderId);
}
