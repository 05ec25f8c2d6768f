package dev.seckill.domain.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How failed order writes are retried: the n-th retry waits {@code min(initial * 2^(n-1), max)},
 * and after {@code maxRetries} retries the order goes to the dead-letter queue.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, int maxRetries) {

    /** Waits 1 s before the first retry, doubling up to 30 s; dead-letters after 3 retries. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 3);

    /** The first back-off is positive and no longer than {@code maxBackoff}; {@code maxRetries} is not negative. */
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff is required");
        Objects.requireNonNull(maxBackoff, "maxBackoff is required");
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive, got " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least initialBackoff, got " + maxBackoff);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
        }
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration backoff(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1, got " + retry);
        }
        // 2^(retry-1) overflows long nanos long before 62 doublings, so cap the exponent first
        int doublings = Math.min(retry - 1, 40);
        Duration wait = initialBackoff.multipliedBy(1L << doublings);
        return wait.compareTo(maxBackoff) > 0 || wait.isNegative() ? maxBackoff : wait;
    }

    /** Whether an order that has been retried {@code retryCount} times may be retried once more. */
    public boolean allowsRetryAfter(int retryCount) {
        return retryCount < maxRetries;
    }
}
