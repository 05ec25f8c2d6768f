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
 * The orders of record: recording them (or their failure), and reading them back. What happens to a
 * recorded order later (paid, cancelled, its unit given back) is {@link OrderSettlement}'s. Recording
 * is idempotent: the outcome of an order never depends on how the orders were split into batches or
 * how often a batch was recorded. Throws {@link ServiceUnavailableException} when the ledger cannot
 * be reached (nothing is recorded then).
 */
public interface OrderLedger {

    /**
     * Records the orders in one transaction: each is inserted, awaiting payment until the moment it
     * is recorded plus the ledger's payment timeout (its {@code createdAt} plus the timeout, should
     * that be later), so that a buyer has the whole window however late the order is recorded; and
     * each takes one unit of the ledger stock,
     * unless it is already there (same order id, or the same user holds an order of the voucher that
     * is not cancelled), or the stock cannot cover it. Returns one result per order, in the given order.
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

    /** A recorded order ({@code CREATED}, {@code PAID}, {@code CANCELLED}) or a failed one ({@code FAILED}). */
    Optional<OrderView> find(OrderId orderId);

    /** The recorded orders of a voucher by user, the cancelled ones left out (their buyers may buy again). */
    Map<UserId, OrderId> orders(VoucherId voucherId);

    /** What the ledger holds for the voucher; empty when it does not have the voucher. */
    Optional<LedgerStats> stats(VoucherId voucherId);
}
