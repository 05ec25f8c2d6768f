package dev.seckill.domain.model;

/** An order id: a positive 64-bit integer. */
public record OrderId(long value) {

    /** Refuses a value that is not positive. */
    public OrderId {
        if (value <= 0) {
            throw new IllegalArgumentException("orderId must be a positive integer, got " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
