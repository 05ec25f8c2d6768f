package dev.seckill.domain.service;

import dev.seckill.domain.model.CancelReason;
import dev.seckill.domain.model.OrderChangeRefused;
import dev.seckill.domain.model.OrderChangeRefused.Reason;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.port.in.LookUpOrder;

/** What pay and cancel answer for an order that is not where they could change it. */
final class OrderStates {

    private OrderStates() {}

    /** The owner's order, or NOT_FOUND (someone else's is not told apart from none). */
    static OrderView owned(LookUpOrder lookUp, UserId owner, OrderId orderId) {
        return lookUp.find(owner, orderId)
                .orElseThrow(() -> new OrderChangeRefused(Reason.NOT_FOUND, "no order " + orderId + " of yours"));
    }

    static OrderChangeRefused refusal(OrderView order) {
        return switch (order.status()) {
            case PENDING ->
                new OrderChangeRefused(
                        Reason.PENDING, "order " + order.orderId() + " is not recorded yet: ask again in a moment");
            case PAID -> new OrderChangeRefused(Reason.PAID, "order " + order.orderId() + " is paid");
            case CANCELLED ->
                order.cancelReason() == CancelReason.EXPIRED
                        ? expired(order)
                        : new OrderChangeRefused(Reason.CANCELLED, "order " + order.orderId() + " was cancelled");
            case FAILED ->
                new OrderChangeRefused(Reason.FAILED, "order " + order.orderId() + " failed and was given up");
            case CREATED -> throw new IllegalArgumentException("an unpaid order can change: " + order.orderId());
        };
    }

    static OrderChangeRefused expired(OrderView order) {
        return new OrderChangeRefused(
                Reason.EXPIRED, "order " + order.orderId() + " was not paid by its deadline " + order.payDeadline());
    }
}
