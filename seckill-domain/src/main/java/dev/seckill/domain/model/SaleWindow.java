package dev.seckill.domain.model;

import java.time.Instant;
import java.util.Objects;

/** When a seckill voucher can be bought: from {@code begin} (inclusive) to {@code end} (exclusive). */
public record SaleWindow(Instant begin, Instant end) {

    /** Both ends are required, and the end comes after the begin. */
    public SaleWindow {
        Objects.requireNonNull(begin, "beginTime is required");
        Objects.requireNonNull(end, "endTime is required");
        if (!end.isAfter(begin)) {
            throw new IllegalArgumentException(
                    "endTime must be after beginTime, got beginTime " + begin + " and endTime " + end);
        }
    }

    /** Whether the sale has yet to begin at {@code now}. */
    public boolean notStartedAt(Instant now) {
        return now.isBefore(begin);
    }

    /** Whether the sale is over at {@code now}: from its end on, not only after it. */
    public boolean endedAt(Instant now) {
        return !now.isBefore(end);
    }
}
