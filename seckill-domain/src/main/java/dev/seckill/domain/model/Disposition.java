package dev.seckill.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What the consumer must do with one delivered order after the ledger has seen it.
 * {@code next} is the delivery to publish for RETRY and DEAD_LETTER, else the delivery itself.
 *
 * @param delivery the delivery the ledger saw
 * @param kind     what became of it
 * @param next     the delivery to publish next (the delivery itself when there is nothing to publish)
 */
public record Disposition(OrderDelivery delivery, Kind kind, OrderDelivery next) {

    /** What became of a delivered order, and so whether it travels on. */
    public enum Kind {
        /** Recorded now: done. */
        CREATED,
        /** Recorded before (a re-delivery): done. */
        ALREADY_RECORDED,
        /** The ledger's stock ran out: the reservation was given back, done. */
        RELEASED,
        /** Failed: publish {@code next} to the retry topic. */
        RETRY,
        /** Failed too often or cannot be processed: publish {@code next} to the dead-letter queue. */
        DEAD_LETTER
    }

    /** All three are required. */
    public Disposition {
        Objects.requireNonNull(delivery, "delivery is required");
        Objects.requireNonNull(kind, "kind is required");
        Objects.requireNonNull(next, "next is required");
    }

    /** A finished delivery ({@code CREATED}, {@code ALREADY_RECORDED} or {@code RELEASED}): nothing to publish. */
    public static Disposition done(OrderDelivery delivery, Kind kind) {
        return new Disposition(delivery, kind, delivery);
    }

    /** A failed write: retried after the policy's back-off, or dead-lettered once its retries are spent. */
    public static Disposition failed(OrderDelivery delivery, String error, RetryPolicy retryPolicy, Instant now) {
        if (retryPolicy.allowsRetryAfter(delivery.retryCount())) {
            int retry = delivery.retryCount() + 1;
            return new Disposition(delivery, Kind.RETRY, delivery.retried(now.plus(retryPolicy.backoff(retry)), error));
        }
        return new Disposition(delivery, Kind.DEAD_LETTER, delivery.withError(error));
    }
}
