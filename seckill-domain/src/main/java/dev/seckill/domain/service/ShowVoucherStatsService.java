package dev.seckill.domain.service;

import dev.seckill.domain.model.ReservationStats;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherStats;
import dev.seckill.domain.port.in.ShowVoucherStats;
import dev.seckill.domain.port.out.OrderLedger;
import dev.seckill.domain.port.out.StockReservations;
import java.util.Optional;

/** Puts the reservation store's stats of a voucher next to the ledger's. */
public final class ShowVoucherStatsService implements ShowVoucherStats {

    private final StockReservations reservations;
    private final OrderLedger ledger;

    ShowVoucherStatsService(StockReservations reservations, OrderLedger ledger) {
        this.reservations = reservations;
        this.ledger = ledger;
    }

    @Override
    public Optional<VoucherStats> stats(VoucherId voucherId) {
        return ledger.stats(voucherId).map(recorded -> {
            ReservationStats reserved =
                    reservations.stats(voucherId).orElse(new ReservationStats(recorded.initialStock(), 0, 0, 0));
            return new VoucherStats(
                    voucherId,
                    recorded.initialStock(),
                    reserved.stock(),
                    reserved.reservedUsers(),
                    reserved.pendingOrders(),
                    recorded.stock(),
                    recorded.orders(),
                    recorded.failedOrders(),
                    recorded.paidOrders(),
                    recorded.cancelledOrders());
        });
    }
}
