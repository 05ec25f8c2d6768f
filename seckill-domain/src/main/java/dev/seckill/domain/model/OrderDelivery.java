package dev.seckill.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An order on its way through the queue: how often it has been retried, when it may next be tried,
 * and the last error. {@code nextRetryAt} and {@code lastError} are null on the first delivery.
 */
public record OrderDelivery(SeckillOrder order, int retryCount, Instant nextRetryAt, String lastError) {

    /** The order is required; {@code retryCount} is not negative. */
    public OrderDelivery {
        Objects.requireNonNull(order, "order is required");
        if (retryCount < 0) {
            throw new IllegalArgumentException("retryCount must not be negative, got " + retryCount);
        }
    }

    /** The order's first trip through the queue: not retried yet, due at once. */
    public static OrderDelivery first(SeckillOrder order) {
        return new OrderDelivery(order, 0, null, null);
    }

    /** The next trip after a failed write: one retry more, due at {@code due}, with {@code error} as its last error. */
    public OrderDelivery retried(Instant due, String error) {
        return new OrderDelivery(order, retryCount + 1, due, error);
    }

    /** The same trip with {@code error} as its last error: how it goes to the dead-letter queue. */
    public OrderDelivery withError(String error) {
        return new OrderDelivery(order, retryCount, nextRetryAt, error);
    }

    /** Whether it may be tried at {@code now}: a first delivery at once, a retry once its back-off has passed. */
    public boolean dueAt(Instant now) {
        return nextRetryAt == null || !now.isBefore(nextRetryAt);
    }
}
