package dev.seckill.domain.service;

import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.port.in.RelayOrders;
import dev.seckill.domain.port.in.ReplayFailedOrder;
import dev.seckill.domain.port.out.OrderLedger;
import dev.seckill.domain.port.out.StockReservations;

/**
 * Replays a dead-lettered order: reserves its unit again (whether or not the sale has ended), takes
 * the failed mark off it in the ledger, then hands it to the relay. When the mark cannot be taken
 * off, the new reservation is given back and the order stays failed.
 */
public final class ReplayFailedOrderService implements ReplayFailedOrder {

    private final StockReservations reservations;
    private final OrderLedger ledger;
    private final RelayOrders relay;

    ReplayFailedOrderService(StockReservations reservations, OrderLedger ledger, RelayOrders relay) {
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
