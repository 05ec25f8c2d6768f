package dev.seckill.domain.port.out;

import dev.seckill.domain.model.LedgerStats;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.RecordResult;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The orders of record. Recording is idempotent: the outcome of an order never depends on how the
 * orders were split into batches or how often a batch was recorded. Throws
 * {@link ServiceUnavailableException} when the ledger cannot be reached (nothing is recorded then).
 */
public interface OrderLedger {

    /**
     * Records the orders in one transaction: each is inserted and takes one unit of the ledger
     * stock, unless it is already there (same order id, or same user and voucher), or the stock
     * cannot cover it. Returns one result per order, in the given order.
     */
    List<RecordResult> record(List<SeckillOrder> orders);

    /**
     * Marks an order as failed for good (it went to the dead-letter queue), under the same lock as
     * {@link #record}, unless it is recorded: an order is never both. Idempotent. Returns true when
     * the order is marked failed (now or before), false when it is recorded and nothing changed.
     */
    boolean markFailed(SeckillOrder order, String reason);

    /** Takes the failed mark off an order that is being replayed. */
    void clearFailed(OrderId orderId);

    /** A recorded order ({@code CREATED}) or a failed one ({@code FAILED}). */
    Optional<OrderView> find(OrderId orderId);

    /** The recorded orders of a voucher by user. */
    Map<UserId, OrderId> orders(VoucherId voucherId);

    Optional<LedgerStats> stats(VoucherId voucherId);
}
