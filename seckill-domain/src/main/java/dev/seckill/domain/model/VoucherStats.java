package dev.seckill.domain.model;

/**
 * A voucher's sale seen from both of its stores, for the admin stats endpoint and the audit:
 * what the reservation store still offers and holds, and what the ledger has recorded.
 *
 * @param initialStock    units the sale started with
 * @param reservableStock units the reservation store can still hand out
 * @param reservedUsers   buyers holding a reservation
 * @param pendingOrders   accepted orders not yet handed to the queue for good
 * @param ledgerStock     units the ledger has not recorded an order for
 * @param recordedOrders  orders the ledger holds, not cancelled (awaiting payment or paid)
 * @param failedOrders    orders given up after their retries (their units released)
 * @param paidOrders      of {@code recordedOrders}, the paid ones
 * @param cancelledOrders orders cancelled by their buyer or at their payment deadline (their units back on sale)
 */
public record VoucherStats(
        VoucherId voucherId,
        long initialStock,
        long reservableStock,
        long reservedUsers,
        long pendingOrders,
        long ledgerStock,
        long recordedOrders,
        long failedOrders,
        long paidOrders,
        long cancelledOrders) {

    /** Before any order was paid or cancelled. */
    public VoucherStats(
            VoucherId voucherId,
            long initialStock,
            long reservableStock,
            long reservedUsers,
            long pendingOrders,
            long ledgerStock,
            long recordedOrders,
            long failedOrders) {
        this(
                voucherId,
                initialStock,
                reservableStock,
                reservedUsers,
                pendingOrders,
                ledgerStock,
                recordedOrders,
                failedOrders,
                0,
                0);
    }
}
