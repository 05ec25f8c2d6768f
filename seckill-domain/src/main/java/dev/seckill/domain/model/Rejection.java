package dev.seckill.domain.model;

/** Why a seckill request was turned down. Business answers, not failures. */
public enum Rejection {
    SOLD_OUT,
    ALREADY_ORDERED,
    NOT_STARTED,
    ENDED,
    UNKNOWN_VOUCHER
}
