package dev.seckill.domain.model;

/**
 * What the ledger holds for one voucher.
 *
 * @param initialStock    units the sale started with
 * @param stock           units no order that is not cancelled holds
 * @param orders          orders not cancelled: awaiting payment or paid
 * @param failedOrders    orders given up (dead-lettered)
 * @param paidOrders      of {@code orders}, the paid ones
 * @param cancelledOrders orders cancelled by their buyer or at their deadline (their units back)
 */
public record LedgerStats(
        long initialStock, long stock, long orders, long failedOrders, long paidOrders, long cancelledOrders) {

    /** Before any order was paid or cancelled. */
    public LedgerStats(long initialStock, long stock, long orders, long failedOrders) {
        this(initialStock, stock, orders, failedOrders, 0, 0);
    }
}
