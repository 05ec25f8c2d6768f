package dev.seckill.domain.service;

import dev.seckill.domain.model.CancelReason;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.port.in.CancelOrder;
import dev.seckill.domain.port.in.LookUpOrder;
import dev.seckill.domain.port.out.OrderSettlement;
import java.time.Clock;

/** The buyer's cancel: the ledger's compare-and-set decides against payment, then the unit goes back on sale. */
public final class CancelOrderService implements CancelOrder {

    private final LookUpOrder lookUp;
    private final OrderSettlement settlement;
    private final UnitReturns unitReturns;
    private final Clock clock;

    CancelOrderService(LookUpOrder lookUp, OrderSettlement settlement, UnitReturns unitReturns, Clock clock) {
        this.lookUp = lookUp;
        this.settlement = settlement;
        this.unitReturns = unitReturns;
        this.clock = clock;
    }

    @Override
    public OrderView cancel(UserId owner, OrderId orderId) {
        OrderView order = OrderStates.owned(lookUp, owner, orderId);
        if (order.status() == OrderStatus.CANCELLED) {
            return order;
        }
        if (order.status() != OrderStatus.CREATED) {
            throw OrderStates.refusal(order);
        }
        OrderView after = settlement
                .cancel(orderId, CancelReason.BUYER, clock.instant())
                .orElseThrow(() -> new IllegalStateException("order " + orderId + " vanished"));
        if (after.status() != OrderStatus.CANCELLED) {
            throw OrderStates.refusal(after);
        }
        unitReturns.giveBack(after);
        return after;
    }
}
