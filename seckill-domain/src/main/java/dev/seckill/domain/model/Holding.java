package dev.seckill.domain.model;

/** Whether an order holds its user's reservation in the store. */
public enum Holding {
    /** The user's reservation is held by this very order. */
    HELD,
    /** The user holds no reservation, or one held by another order: the store lost it, or released it. */
    NOT_HELD,
    /** The store does not have the sale, or its copy is behind (lost, failed over, being restored): it cannot tell. */
    SALE_MISSING
}
