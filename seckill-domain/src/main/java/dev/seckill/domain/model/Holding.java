package dev.seckill.domain.model;

/** Whether an order holds its user's reservation in the store. */
public enum Holding {
    /** The user's reservation is held by this very order. */
    HELD,
    /** The user holds no reservation, or one held by another order: no accepted order backs this one. */
    NOT_HELD,
    /** The store does not have the sale (lost, being restored): it cannot tell. */
    SALE_MISSING
}
