package dev.seckill.domain.model;

/** A user id: a positive 64-bit integer. */
public record UserId(long value) {

    /** Refuses a value that is not positive. */
    public UserId {
        if (value <= 0) {
            throw new IllegalArgumentException("userId must be a positive integer, got " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
