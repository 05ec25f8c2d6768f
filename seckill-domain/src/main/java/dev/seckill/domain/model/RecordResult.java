package dev.seckill.domain.model;

import java.util.Objects;

/** The ledger's answer for one order; {@code failure} says what went wrong when the outcome is FAILED. */
public record RecordResult(SeckillOrder order, RecordOutcome outcome, String failure) {

    public RecordResult {
        Objects.requireNonNull(order, "order is required");
        Objects.requireNonNull(outcome, "outcome is required");
        if (outcome == RecordOutcome.FAILED && (failure == null || failure.isBlank())) {
            throw new IllegalArgumentException("a FAILED result needs a failure message");
        }
    }

    public static RecordResult of(SeckillOrder order, RecordOutcome outcome) {
        return new RecordResult(order, outcome, null);
    }

    public static RecordResult failed(SeckillOrder order, String failure) {
        return new RecordResult(order, RecordOutcome.FAILED, failure);
    }
}
