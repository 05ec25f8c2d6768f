package dev.seckill.domain.model;

import java.time.Instant;
import java.util.Objects;

/** One unit of a voucher reserved for one user; the order id is answered to the buyer at once. */
public record SeckillOrder(OrderId orderId, UserId userId, VoucherId voucherId, Instant createdAt) {

    /** All four are required. */
    public SeckillOrder {
        Objects.requireNonNull(orderId, "orderId is required");
        Objects.requireNonNull(userId, "userId is required");
        Objects.requireNonNull(voucherId, "voucherId is required");
        Objects.requireNonNull(createdAt, "createdAt is required");
    }
}
