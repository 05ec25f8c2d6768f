package dev.seckill.domain.model;

/** What the atomic reservation step decided for one order. */
public enum Reservation {
    RESERVED,
    SOLD_OUT,
    ALREADY_ORDERED,
    NOT_STARTED,
    ENDED,
    UNKNOWN_VOUCHER;

    public SeckillOutcome toOutcome(OrderId orderId) {
        return switch (this) {
            case RESERVED -> new SeckillOutcome.Accepted(orderId);
            case SOLD_OUT -> new SeckillOutcome.Rejected(Rejection.SOLD_OUT);
            case ALREADY_ORDERED -> new SeckillOutcome.Rejected(Rejection.ALREADY_ORDERED);
            case NOT_STARTED -> new SeckillOutcome.Rejected(Rejection.NOT_STARTED);
            case ENDED -> new SeckillOutcome.Rejected(Rejection.ENDED);
            case UNKNOWN_VOUCHER -> new SeckillOutcome.Rejected(Rejection.UNKNOWN_VOUCHER);
        };
    }
}
