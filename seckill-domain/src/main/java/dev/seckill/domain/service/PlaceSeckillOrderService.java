package dev.seckill.domain.service;

import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.SeckillOutcome;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.in.PlaceSeckillOrder;
import dev.seckill.domain.port.in.RelayOrders;
import dev.seckill.domain.port.out.OrderIds;
import dev.seckill.domain.port.out.StockReservations;
import java.time.Clock;
import java.util.concurrent.CompletionStage;

public final class PlaceSeckillOrderService implements PlaceSeckillOrder {

    private final OrderIds ids;
    private final StockReservations reservations;
    private final RelayOrders relay;
    private final Clock clock;

    public PlaceSeckillOrderService(OrderIds ids, StockReservations reservations, RelayOrders relay, Clock clock) {
        this.ids = ids;
        this.reservations = reservations;
        this.relay = relay;
        this.clock = clock;
    }

    @Override
    public CompletionStage<SeckillOutcome> place(UserId userId, VoucherId voucherId) {
        return ids.next().thenCompose(orderId -> {
            SeckillOrder order = new SeckillOrder(orderId, userId, voucherId, clock.instant());
            return reservations.reserve(order).thenApply(reservation -> {
                // the reservation already wrote the pending record: publishing is only the fast path
                if (reservation == Reservation.RESERVED) {
                    relay.publish(order);
                }
                return reservation.toOutcome(orderId);
            });
        });
    }
}
