package dev.seckill.domain.service;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.port.in.LookUpOrder;
import dev.seckill.domain.port.in.PayOrder;
import dev.seckill.domain.port.out.OrderSettlement;
import dev.seckill.domain.port.out.Payments;
import java.time.Clock;
import java.time.Instant;

/**
 * Charges first, then lets the ledger's compare-and-set decide: a charge whose order was
 * cancelled or expired meanwhile is refunded, so a late payment never succeeds.
 */
public final class PayOrderService implements PayOrder {

    private static final System.Logger LOG = System.getLogger(PayOrderService.class.getName());

    private final LookUpOrder lookUp;
    private final OrderSettlement settlement;
    private final Payments payments;
    private final Clock clock;

    PayOrderService(LookUpOrder lookUp, OrderSettlement settlement, Payments payments, Clock clock) {
        this.lookUp = lookUp;
        this.settlement = settlement;
        this.payments = payments;
        this.clock = clock;
    }

    @Override
    public OrderView pay(UserId owner, OrderId orderId) {
        OrderView order = OrderStates.owned(lookUp, owner, orderId);
        if (order.status() == OrderStatus.PAID) {
            return order;
        }
        if (order.status() != OrderStatus.CREATED) {
            throw OrderStates.refusal(order);
        }
        if (order.payDeadline() != null && !clock.instant().isBefore(order.payDeadline())) {
            throw OrderStates.expired(order);
        }
        payments.charge(orderId, owner);
        Instant now = clock.instant();
        OrderView after = settlement
                .pay(orderId, now)
                .orElseThrow(() -> new IllegalStateException("order " + orderId + " vanished"));
        if (after.status() == OrderStatus.PAID) {
            return after;
        }
        // lost the race to a cancel or to the deadline: the money goes back
        payments.refund(orderId);
        LOG.log(
                System.Logger.Level.INFO,
                "order {0}: the payment came too late ({1}), refunded",
                orderId,
                after.status());
        throw after.status() == OrderStatus.CREATED ? OrderStates.expired(after) : OrderStates.refusal(after);
    }
}
