package dev.seckill.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An order as its owner sees it.
 *
 * @param createdAt    when it was accepted (null while it is only pending)
 * @param payDeadline  until when it can be paid (null when it has none: pending, failed, or recorded before deadlines)
 * @param cancelReason why it was cancelled (null unless {@link OrderStatus#CANCELLED})
 */
public record OrderView(
        OrderId orderId,
        VoucherId voucherId,
        UserId userId,
        OrderStatus status,
        Instant createdAt,
        Instant payDeadline,
        CancelReason cancelReason) {

    /** The ids and the status are required; a cancel reason goes with a cancelled order only. */
    public OrderView {
        Objects.requireNonNull(orderId, "orderId is required");
        Objects.requireNonNull(voucherId, "voucherId is required");
        Objects.requireNonNull(userId, "userId is required");
        Objects.requireNonNull(status, "status is required");
        if ((status == OrderStatus.CANCELLED) != (cancelReason != null)) {
            throw new IllegalArgumentException(
                    "a cancel reason goes with a cancelled order only, got " + status + " " + cancelReason);
        }
    }

    /** An order without a payment deadline: pending, or failed. */
    public OrderView(OrderId orderId, VoucherId voucherId, UserId userId, OrderStatus status) {
        this(orderId, voucherId, userId, status, null, null, null);
    }

    /** The recorded order itself, as the reservation store knows it (its unit is given back by it). */
    public SeckillOrder order() {
        if (createdAt == null) {
            throw new IllegalStateException(
                    "order " + orderId + " is " + status + ": not recorded, no order to give back");
        }
        return new SeckillOrder(orderId, userId, voucherId, createdAt);
    }
}
