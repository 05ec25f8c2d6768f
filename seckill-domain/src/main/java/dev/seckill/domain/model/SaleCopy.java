package dev.seckill.domain.model;

/** How far the reservation store's copy of a sale can be trusted. */
public enum SaleCopy {
    /** Written under the store's current incarnation: every reservation the store acknowledged is there. */
    SOUND,
    /**
     * Written before the store failed over to a replica or started again: reservations it acknowledged may be gone
     * (the replica had not received them). Nothing is reserved on it until it is restored from the ledger.
     */
    BEHIND,
    /** Not in the store: never loaded, or lost with everything else. */
    MISSING
}
