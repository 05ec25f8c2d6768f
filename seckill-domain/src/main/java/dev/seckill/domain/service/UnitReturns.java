package dev.seckill.domain.service;

import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.port.out.OrderSettlement;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.port.out.StockReservations;

/**
 * The second half of a cancel: the reservation store takes the unit back and releases the buyer.
 * The ledger already took it back when it cancelled; the store's release is idempotent per order,
 * and the ledger keeps the cancel as unreturned until the store has it, so a crash or an outage
 * in between is finished by the next {@link ExpireOrdersService} pass, once.
 */
final class UnitReturns {

    private static final System.Logger LOG = System.getLogger(UnitReturns.class.getName());

    private final StockReservations reservations;
    private final OrderSettlement settlement;

    UnitReturns(StockReservations reservations, OrderSettlement settlement) {
        this.reservations = reservations;
        this.settlement = settlement;
    }

    void giveBack(OrderView cancelled) {
        try {
            giveBack(cancelled.order());
        } catch (ServiceUnavailableException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "order {0} is cancelled; its unit goes back on sale once {1}",
                    cancelled.orderId(),
                    e.getMessage());
        }
    }

    void giveBack(SeckillOrder order) {
        reservations.release(order);
        settlement.unitReturned(order.orderId());
    }
}
