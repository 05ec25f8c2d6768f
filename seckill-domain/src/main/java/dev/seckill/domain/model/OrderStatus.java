package dev.seckill.domain.model;

/** Where an accepted order is on its way to the database. */
public enum OrderStatus {
    /** Reserved in Redis, not yet recorded in the database. */
    PENDING,
    /** Recorded in the database. */
    CREATED,
    /** Gave up after the retries: in the dead-letter queue, its reservation released. */
    FAILED
}
