package dev.seckill.domain.model;

/**
 * What Redis holds for one voucher's sale.
 *
 * @param initialStock  units the sale started with
 * @param stock         units still to be reserved
 * @param reservedUsers buyers holding a reservation
 * @param pendingOrders accepted orders the queue has not acknowledged yet
 */
public record ReservationStats(long initialStock, long stock, long reservedUsers, long pendingOrders) {}
