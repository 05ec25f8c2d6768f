package dev.seckill.domain.port.out;

import dev.seckill.domain.model.CancelReason;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.SeckillOrder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How a recorded order is settled: paid before its deadline, or cancelled (by its buyer, or unpaid at its deadline)
 * with its unit given back to the stock once. Every change is one compare-and-set, so that pay, cancel and expiry can
 * race from any number of instances and an order changes once. Throws {@link ServiceUnavailableException} when the
 * ledger cannot be reached (nothing changed then).
 */
public interface OrderSettlement {

    /**
     * Pays an unpaid order whose deadline is after {@code now}: the one compare-and-set that cancel
     * and expiry race against, so that an order is never both paid and cancelled. Returns the order
     * as it is afterwards (paid now or before, or as the race left it); empty when it is not here.
     */
    Optional<OrderView> pay(OrderId orderId, Instant now);

    /**
     * Cancels an unpaid order: for {@link CancelReason#BUYER} any time before it is paid, for
     * {@link CancelReason#EXPIRED} only once its deadline is not after {@code now}. The transaction
     * that cancels it gives the ledger's stock its unit back, so that happens once. Returns the
     * order as it is afterwards; empty when it is not here.
     */
    Optional<OrderView> cancel(OrderId orderId, CancelReason reason, Instant now);

    /** Unpaid orders whose deadline is not after {@code now}, the most overdue first, at most {@code limit}. */
    List<OrderId> overdue(Instant now, int limit);

    /** Cancelled orders whose unit the reservation store may not have back yet, at most {@code limit}. */
    List<SeckillOrder> unitsToReturn(int limit);

    /** Notes that the reservation store has the cancelled order's unit back. */
    void unitReturned(OrderId orderId);
}
