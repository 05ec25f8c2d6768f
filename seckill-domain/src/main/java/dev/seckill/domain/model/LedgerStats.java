package dev.seckill.domain.model;

/** What the database holds for one voucher: its remaining stock, its orders and its failed (dead-lettered) orders. */
public record LedgerStats(long initialStock, long stock, long orders, long failedOrders) {
}
