package dev.seckill.domain.service;

import dev.seckill.domain.model.CancelReason;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.port.in.ExpireOrders;
import dev.seckill.domain.port.out.OrderSettlement;
import java.time.Clock;
import java.time.Instant;

/**
 * Expires the overdue unpaid orders through the ledger's compare-and-set (a payment that got there
 * first wins; two instances expiring at once change an order once), then gives the reservation
 * store the units of every cancel it does not have back yet.
 */
public final class ExpireOrdersService implements ExpireOrders {

    private final OrderSettlement settlement;
    private final UnitReturns unitReturns;
    private final Clock clock;
    private final int batch;

    /** @param batch the most orders one pass expires and the most units it returns */
    ExpireOrdersService(OrderSettlement settlement, UnitReturns unitReturns, Clock clock, int batch) {
        this.settlement = settlement;
        this.unitReturns = unitReturns;
        this.clock = clock;
        this.batch = batch;
    }

    @Override
    public int expire() {
        Instant now = clock.instant();
        int expired = 0;
        for (OrderId orderId : settlement.overdue(now, batch)) {
            // cancelled by its buyer meanwhile, or paid: not an expiry
            if (settlement
                    .cancel(orderId, CancelReason.EXPIRED, now)
                    .filter(o -> o.cancelReason() == CancelReason.EXPIRED)
                    .isPresent()) {
                expired++;
            }
        }
        for (SeckillOrder order : settlement.unitsToReturn(batch)) {
            unitReturns.giveBack(order);
        }
        return expired;
    }
}
