package dev.seckill.domain.service;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.in.Reconcile;
import dev.seckill.domain.port.in.Reconcile.SaleState;
import dev.seckill.domain.port.in.RelayOrders;
import dev.seckill.domain.port.in.RestoreSale;
import dev.seckill.domain.port.out.OrderLedger;
import dev.seckill.domain.port.out.PendingOrders;
import dev.seckill.domain.port.out.StockReservations;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lays the store's reservations of a voucher next to the ledger and the pending record: a reservation
 * whose order is neither recorded nor pending is missing (published again), or orphaned when the
 * ledger has the order failed or cancelled (released); a recorded order without a reservation gets it
 * back.
 */
public final class ReconcileService implements Reconcile {

    private static final int ALL = Integer.MAX_VALUE;

    private final StockReservations reservations;
    private final PendingOrders pending;
    private final OrderLedger ledger;
    private final RelayOrders relay;
    private final RestoreSale restore;
    private final Clock clock;

    ReconcileService(
            StockReservations reservations,
            PendingOrders pending,
            OrderLedger ledger,
            RelayOrders relay,
            RestoreSale restore,
            Clock clock) {
        this.reservations = reservations;
        this.pending = pending;
        this.ledger = ledger;
        this.relay = relay;
        this.restore = restore;
        this.clock = clock;
    }

    @Override
    public Report check(VoucherId voucherId) {
        if (reservations.stats(voucherId).isEmpty() && ledger.stats(voucherId).isPresent()) {
            return new Report(
                    voucherId,
                    SaleState.MISSING,
                    0,
                    ledger.orders(voucherId).size(),
                    0,
                    List.of(),
                    List.of(),
                    List.of());
        }
        Map<UserId, OrderId> reserved = reservations.reservations(voucherId);
        Map<UserId, OrderId> recorded = ledger.orders(voucherId);
        Set<OrderId> pendingIds = pending.olderThan(voucherId, Duration.ZERO, ALL).stream()
                .map(SeckillOrder::orderId)
                .collect(Collectors.toSet());

        List<SeckillOrder> missing = new ArrayList<>();
        List<SeckillOrder> orphaned = new ArrayList<>();
        reserved.forEach((user, orderId) -> {
            if (recorded.containsKey(user) || pendingIds.contains(orderId)) {
                return;
            }
            SeckillOrder order = new SeckillOrder(orderId, user, voucherId, clock.instant());
            // a failed or cancelled order holds nothing: its reservation is to be released, not published again
            boolean done = ledger.find(orderId)
                    .filter(o -> o.status() == OrderStatus.FAILED || o.status() == OrderStatus.CANCELLED)
                    .isPresent();
            (done ? orphaned : missing).add(order);
        });
        List<UnreservedOrder> unreserved = new ArrayList<>();
        recorded.forEach((user, orderId) -> {
            if (!reserved.containsKey(user)) {
                unreserved.add(new UnreservedOrder(user, orderId));
            }
        });
        return new Report(
                voucherId,
                SaleState.PRESENT,
                reserved.size(),
                recorded.size(),
                pendingIds.size(),
                List.copyOf(missing),
                List.copyOf(orphaned),
                List.copyOf(unreserved));
    }

    @Override
    public Report fix(VoucherId voucherId) {
        Report report = check(voucherId);
        if (report.sale() == SaleState.MISSING) {
            SaleState state = restore.restore(voucherId) == RestoreSale.Result.RESTORED
                    ? SaleState.RESTORED
                    : SaleState.STILL_MISSING;
            return new Report(
                    voucherId,
                    state,
                    report.reserved(),
                    report.recorded(),
                    report.pending(),
                    List.of(),
                    List.of(),
                    List.of());
        }
        Map<UserId, OrderId> lost = new HashMap<>();
        report.unreserved().forEach(order -> lost.put(order.userId(), order.orderId()));
        reservations.adopt(voucherId, lost);
        report.orphaned().forEach(reservations::release);
        report.missing().forEach(relay::publish);
        return report;
    }
}
