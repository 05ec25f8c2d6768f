package dev.seckill.domain.service;

import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.port.in.RelayOrders;
import dev.seckill.domain.port.in.ReplayFailedOrder;
import dev.seckill.domain.port.out.OrderLedger;
import dev.seckill.domain.port.out.StockReservations;

public final class ReplayFailedOrderService implements ReplayFailedOrder {

    private final StockReservations reservations;
    private final OrderLedger ledger;
    private final RelayOrders relay;

    public ReplayFailedOrderService(StockReservations reservations, OrderLedger ledger, RelayOrders relay) {
        this.reservations = reservations;
        this.ledger = ledger;
        this.relay = relay;
    }

    @Override
    public Reservation replay(SeckillOrder order) {
        Reservation reservation = reservations.reserveAgain(order);
        if (reservation != Reservation.RESERVED) {
            return reservation;
        }
        try {
            ledger.clearFailed(order.orderId());
        } catch (RuntimeException e) {
            // the order stays failed: its new reservation must not outlive this attempt
            reservations.release(order);
            throw e;
        }
        relay.publish(order);
        return reservation;
    }
}
