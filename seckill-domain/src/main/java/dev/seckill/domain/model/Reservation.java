package dev.seckill.domain.model;

/** What the atomic reservation step decided for one order. */
public enum Reservation {
    RESERVED,
    SOLD_OUT,
    ALREADY_ORDERED,
    NOT_STARTED,
    ENDED,
    UNKNOWN_VOUCHER,
    /** The store's copy of the sale is behind ({@link SaleCopy#BEHIND}): nothing reserved; it must be restored. */
    SALE_BEHIND;

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
