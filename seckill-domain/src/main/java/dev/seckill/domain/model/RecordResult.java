package dev.seckill.domain.model;

import java.util.Objects;

/** The ledger's answer for one order; {@code failure} says what went wrong when the outcome is FAILED. */
public record RecordResult(SeckillOrder order, RecordOutcome outcome, String failure) {

    /** The order and the outcome are required, and a {@code FAILED} result needs its failure message. */
    public RecordResult {
        Objects.requireNonNull(order, "order is required");
        Objects.requireNonNull(outcome, "outcome is required");
        if (outcome == RecordOutcome.FAILED && (failure == null || failure.isBlank())) {
            throw new IllegalArgumentException("a FAILED result needs a failure message");
        }
    }

    /** An outcome other than {@code FAILED}, which needs a message ({@link #failed}). */
    public static RecordResult of(SeckillOrder order, RecordOutcome outcome) {
        return new RecordResult(order, outcome, null);
    }

    /** Something about the order went wrong, as {@code failure} says; a retry may succeed. */
    public static RecordResult failed(SeckillOrder order, String failure) {
        return new RecordResult(order, RecordOutcome.FAILED, failure);
    }
}
