package dev.seckill.domain.model;

/** A voucher id: a positive 64-bit integer. */
public record VoucherId(long value) {

    /** Refuses a value that is not positive. */
    public VoucherId {
        if (value <= 0) {
            throw new IllegalArgumentException("voucherId must be a positive integer, got " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
