package dev.seckill.domain.model;

/** Why an order was cancelled. */
public enum CancelReason {
    /** Its buyer cancelled it before paying. */
    BUYER,
    /** It was still unpaid at its payment deadline. */
    EXPIRED
}
