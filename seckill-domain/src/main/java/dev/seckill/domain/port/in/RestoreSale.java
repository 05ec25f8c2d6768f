package dev.seckill.domain.port.in;

import dev.seckill.domain.model.VoucherId;

/**
 * Puts back a sale that the reservation store lost (a crash without persistence, a failover to an
 * empty replica), from the ledger: only once every order accepted before the loss is accounted for,
 * so that no unit is sold twice and no buyer buys twice.
 */
public interface RestoreSale {

    /** How a restore ended. */
    enum Result {
        /** The sale is back. */
        RESTORED,
        /** The store's copy of the sale is sound: nothing to do. */
        NOT_MISSING,
        /** The catalogue does not know the voucher. */
        UNKNOWN_VOUCHER,
        /** Another restorer holds the claim. */
        CLAIMED_ELSEWHERE,
        /** The queue did not drain in time, or the claim lapsed: the next request tries again. */
        GAVE_UP
    }

    /** Restores the sale if it is missing, blocking until it is back or the restore gave up. */
    Result restore(VoucherId voucherId);

    /**
     * For the request path: false when the catalogue does not know the voucher; otherwise starts a
     * restore in the background (unless one already runs here) and returns true at once.
     */
    boolean restoreInBackground(VoucherId voucherId);
}
