package dev.seckill.domain.service;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.OrderView;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.in.LookUpOrder;
import dev.seckill.domain.port.out.OrderLedger;
import dev.seckill.domain.port.out.StockReservations;
import dev.seckill.domain.port.out.VoucherCatalogue;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Looks an order up in the ledger first; one not recorded yet is pending while it holds its owner's
 * reservation in a sale that did not end more than the sales horizon ago.
 */
public final class LookUpOrderService implements LookUpOrder {

    private final OrderLedger ledger;
    private final StockReservations reservations;
    private final VoucherCatalogue catalogue;
    private final Clock clock;
    private final Duration salesHorizon;

    /** @param salesHorizon how long after a sale's end its not-yet-recorded orders are still looked for */
    LookUpOrderService(
            OrderLedger ledger,
            StockReservations reservations,
            VoucherCatalogue catalogue,
            Clock clock,
            Duration salesHorizon) {
        this.ledger = ledger;
        this.reservations = reservations;
        this.catalogue = catalogue;
        this.clock = clock;
        this.salesHorizon = salesHorizon;
    }

    @Override
    public Optional<OrderView> find(UserId owner, OrderId orderId) {
        Optional<OrderView> recorded = ledger.find(orderId);
        if (recorded.isPresent()) {
            return recorded.filter(order -> order.userId().equals(owner));
        }
        // not in the database yet: pending if one of the owner's reservations is held by this order
        for (VoucherSale sale : catalogue.salesEndingAfter(clock.instant().minus(salesHorizon))) {
            if (reservations
                    .reservedOrder(sale.voucherId(), owner)
                    .filter(orderId::equals)
                    .isPresent()) {
                return Optional.of(new OrderView(orderId, sale.voucherId(), owner, OrderStatus.PENDING));
            }
        }
        return Optional.empty();
    }
}
