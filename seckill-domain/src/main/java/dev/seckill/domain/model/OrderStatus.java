package dev.seckill.domain.model;

/** Where an accepted order is in its life: on its way to the ledger, awaiting payment, paid, cancelled or failed. */
public enum OrderStatus {
    /** Reserved, not yet recorded in the ledger. */
    PENDING,
    /** Recorded in the ledger, awaiting payment until its deadline. */
    CREATED,
    /** Paid before its deadline. */
    PAID,
    /** Cancelled by its buyer or expired unpaid: its unit went back on sale. */
    CANCELLED,
    /** Gave up after the retries: in the dead-letter queue, its reservation released. */
    FAILED
}
