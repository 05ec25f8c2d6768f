package dev.seckill.domain.model;

/** What Redis holds for one voucher's sale. */
public record ReservationStats(long initialStock, long stock, long reservedUsers, long pendingOrders) {}
