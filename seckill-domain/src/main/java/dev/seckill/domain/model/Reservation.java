package dev.seckill.domain.model;

/** What the atomic reservation step decided for one order. */
public enum Reservation {
    /** One unit is the order's now, and the order is in the pending record. */
    RESERVED,
    /** No unit left. */
    SOLD_OUT,
    /** The user already holds a reservation for the voucher. */
    ALREADY_ORDERED,
    /** The sale has not begun yet. */
    NOT_STARTED,
    /** The sale is over. */
    ENDED,
    /** The store does not have the sale: never loaded, or lost. */
    UNKNOWN_VOUCHER,
    /** The store's copy of the sale is behind ({@link SaleCopy#BEHIND}): nothing reserved; it must be restored. */
    SALE_BEHIND;

    /** What the buyer is answered: accepted with {@code orderId} when {@link #RESERVED}, else why not. */
    public SeckillOutcome toOutcome(OrderId orderId) {
        return switch (this) {
            case RESERVED -> new SeckillOutcome.Accepted(orderId);
            case SOLD_OUT -> new SeckillOutcome.Rejected(Rejection.SOLD_OUT);
            case ALREADY_ORDERED -> new SeckillOutcome.Rejected(Rejection.ALREADY_ORDERED);
            case NOT_STARTED -> new SeckillOutcome.Rejected(Rejection.NOT_STARTED);
            case ENDED -> new SeckillOutcome.Rejected(Rejection.ENDED);
            // a sale the store has but the catalogue does not know, once its restore found nothing to restore it from
            case UNKNOWN_VOUCHER, SALE_BEHIND -> new SeckillOutcome.Rejected(Rejection.UNKNOWN_VOUCHER);
        };
    }
}
