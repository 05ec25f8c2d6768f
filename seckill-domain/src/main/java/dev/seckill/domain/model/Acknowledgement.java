package dev.seckill.domain.model;

/** When an accepted order is answered. */
public enum Acknowledgement {
    /** Right after the reservation; an order still waiting to be published lives only in the reservation store. */
    RESERVED,
    /** Once the queue has durably taken the order; the store can then lose everything and the order still arrives. */
    PUBLISHED
}
