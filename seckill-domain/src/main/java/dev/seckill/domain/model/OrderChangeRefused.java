package dev.seckill.domain.model;

/** A pay or cancel that the order's state does not allow; nothing changed. */
public final class OrderChangeRefused extends RuntimeException {

    /** What stands in the way. */
    public enum Reason {
        /** No such order of this buyer. */
        NOT_FOUND,
        /** Accepted but not yet in the ledger: ask again in a moment. */
        PENDING,
        /** Paid already: it cannot be cancelled. */
        PAID,
        /** Cancelled by its buyer. */
        CANCELLED,
        /** Its payment deadline passed. */
        EXPIRED,
        /** It failed for good (dead-lettered). */
        FAILED
    }

    private final Reason reason;

    /** Refused for {@code reason}; {@code message} tells the buyer why, in words. */
    public OrderChangeRefused(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** What stands in the way of the change. */
    public Reason reason() {
        return reason;
    }
}
