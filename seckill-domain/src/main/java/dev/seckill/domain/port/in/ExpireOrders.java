package dev.seckill.domain.port.in;

/** The payment deadline's keeper, run again and again by whichever instance is up. */
public interface ExpireOrders {

    /**
     * Cancels the unpaid orders whose deadline has passed, and gives the reservation store the units
     * of cancelled orders it does not have back yet (a cancel whose second half a crash cut off).
     * Returns how many orders it expired.
     */
    int expire();
}
