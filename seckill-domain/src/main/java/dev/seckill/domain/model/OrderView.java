package dev.seckill.domain.model;

import java.util.Objects;

/** An order as its owner sees it. */
public record OrderView(OrderId orderId, VoucherId voucherId, UserId userId, OrderStatus status) {

    public OrderView {
        Objects.requireNonNull(orderId, "orderId is required");
        Objects.requireNonNull(voucherId, "voucherId is required");
        Objects.requireNonNull(userId, "userId is required");
        Objects.requireNonNull(status, "status is required");
    }
}
