package dev.seckill.domain.service;

import dev.seckill.domain.model.Rejection;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reserves, answers, and hands the order to the relay. Once the store said a sale is sold out, the
 * answer is remembered for a moment: during a flash sale nearly every request comes after the last
 * unit went, and they need not all ask Redis (a unit given back is on sale again after the moment).
 */
public final class PlaceSeckillOrderService implements PlaceSeckillOrder {

    private static final CompletionStage<SeckillOutcome> SOLD_OUT =
            CompletableFuture.completedFuture(new SeckillOutcome.Rejected(Rejection.SOLD_OUT));

    private final OrderIds ids;
    private final StockReservations reservations;
    private final RelayOrders relay;
    private final Clock clock;
    private final Duration soldOutMemo;
    private final Map<VoucherId, Instant> soldOutUntil = new ConcurrentHashMap<>();

    /** Without the sold-out memo: every request asks the store. */
    public PlaceSeckillOrderService(OrderIds ids, StockReservations reservations, RelayOrders relay, Clock clock) {
        this(ids, reservations, relay, clock, Duration.ZERO);
    }

    /** @param soldOutMemo how long a SOLD_OUT answer of the store is given without asking again */
    public PlaceSeckillOrderService(OrderIds ids, StockReservations reservations, RelayOrders relay, Clock clock,
                                    Duration soldOutMemo) {
        if (soldOutMemo.isNegative()) {
            throw new IllegalArgumentException("soldOutMemo must not be negative, got " + soldOutMemo);
        }
        this.ids = ids;
        this.reservations = reservations;
        this.relay = relay;
        this.clock = clock;
        this.soldOutMemo = soldOutMemo;
    }

    @Override
    public CompletionStage<SeckillOutcome> place(UserId userId, VoucherId voucherId) {
        Instant until = soldOutUntil.get(voucherId);
        if (until != null) {
            if (clock.instant().isBefore(until)) {
                return SOLD_OUT;
            }
            soldOutUntil.remove(voucherId, until);
        }
        return ids.next().thenCompose(orderId -> {
            SeckillOrder order = new SeckillOrder(orderId, userId, voucherId, clock.instant());
            return reservations.reserve(order).thenApply(reservation -> {
                // the reservation already wrote the pending record: publishing is only the fast path
                if (reservation == Reservation.RESERVED) {
                    relay.publish(order);
                } else if (reservation == Reservation.SOLD_OUT && !soldOutMemo.isZero()) {
                    soldOutUntil.put(voucherId, clock.instant().plus(soldOutMemo));
                }
                return reservation.toOutcome(orderId);
            });
        });
    }
}
