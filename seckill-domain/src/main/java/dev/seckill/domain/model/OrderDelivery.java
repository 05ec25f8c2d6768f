package dev.seckill.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An order on its way through the queue: how often it has been retried, when it may next be tried,
 * and the last error. {@code nextRetryAt} and {@code lastError} are null on the first delivery.
 */
public record OrderDelivery(SeckillOrder order, int retryCount, Instant nextRetryAt, String lastError) {

    public OrderDelivery {
        Objects.requireNonNull(order, "order is required");
        if (retryCount < 0) {
            throw new IllegalArgumentException("retryCount must not be negative, got " + retryCount);
        }
    }

    public static OrderDelivery first(SeckillOrder order) {
        return new OrderDelivery(order, 0, null, null);
    }

    public OrderDelivery retried(Instant due, String error) {
        return new OrderDelivery(order, retryCount + 1, due, error);
    }

    public OrderDelivery withError(String error) {
        return new OrderDelivery(order, retryCount, nextRetryAt, error);
    }

    public boolean dueAt(Instant now) {
        return nextRetryAt == null || !now.isBefore(nextRetryAt);
    }
}
