package dev.seckill.domain.model;

/** What the ledger did with one order of a batch. */
public enum RecordOutcome {
    /** Inserted, and one unit of the database stock taken. */
    CREATED,
    /** The same order id, or the same user and voucher, was already there: nothing changed. */
    ALREADY_RECORDED,
    /** The database stock could not cover it: not inserted, and not worth retrying. */
    STOCK_EXHAUSTED,
    /** Something about this order went wrong; a retry may succeed. */
    FAILED
}
