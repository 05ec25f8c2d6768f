package dev.seckill.domain.model;

import java.time.Instant;
import java.util.Objects;

/** When a seckill voucher can be bought: from {@code begin} (inclusive) to {@code end} (exclusive). */
public record SaleWindow(Instant begin, Instant end) {

    public SaleWindow {
        Objects.requireNonNull(begin, "beginTime is required");
        Objects.requireNonNull(end, "endTime is required");
        if (!end.isAfter(begin)) {
            throw new IllegalArgumentException(
                    "endTime must be after beginTime, got beginTime " + begin + " and endTime " + end);
        }
    }

    public boolean notStartedAt(Instant now) {
        return now.isBefore(begin);
    }

    public boolean endedAt(Instant now) {
        return !now.isBefore(end);
    }
}
