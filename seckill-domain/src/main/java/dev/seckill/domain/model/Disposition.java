package dev.seckill.domain.model;

import java.util.Objects;

/**
 * What the consumer must do with one delivered order after the ledger has seen it.
 * {@code next} is the delivery to publish for RETRY and DEAD_LETTER, else the delivery itself.
 */
public record Disposition(OrderDelivery delivery, Kind kind, OrderDelivery next) {

    public enum Kind {
        /** Recorded now: done. */
        CREATED,
        /** Recorded before (a re-delivery): done. */
        ALREADY_RECORDED,
        /** The database stock ran out: the Redis reservation was given back, done. */
        RELEASED,
        /** Failed: publish {@code next} to the retry topic. */
        RETRY,
        /** Failed too often or cannot be processed: publish {@code next} to the dead-letter queue. */
        DEAD_LETTER
    }

    public Disposition {
        Objects.requireNonNull(delivery, "delivery is required");
        Objects.requireNonNull(kind, "kind is required");
        Objects.requireNonNull(next, "next is required");
    }

    public static Disposition done(OrderDelivery delivery, Kind kind) {
        return new Disposition(delivery, kind, delivery);
    }
}
