package dev.seckill.domain.model;

/** Why a seckill request was turned down. Business answers, not failures. */
public enum Rejection {
    /** Every unit is taken. */
    SOLD_OUT,
    /** The user already holds an order for the voucher. */
    ALREADY_ORDERED,
    /** The sale has not begun yet. */
    NOT_STARTED,
    /** The sale is over. */
    ENDED,
    /** No such voucher on sale. */
    UNKNOWN_VOUCHER
}
