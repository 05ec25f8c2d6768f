package dev.seckill.domain.model;

/** Redis and the database side by side, for the admin stats endpoint and the audit. */
public record VoucherStats(
        VoucherId voucherId,
        long initialStock,
        long redisStock,
        long reservedUsers,
        long pendingOrders,
        long dbStock,
        long dbOrders,
        long dlqOrders) {
}
