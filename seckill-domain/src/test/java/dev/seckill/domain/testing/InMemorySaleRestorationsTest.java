package dev.seckill.domain.testing;

import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.out.SaleRestorations;
import dev.seckill.domain.port.out.StockReservations;
import java.time.Clock;

class InMemorySaleRestorationsTest extends SaleRestorationsContract {

    private final InMemoryStockReservations store = new InMemoryStockReservations(Clock.systemUTC());

    @Override
    protected StockReservations reservations() {
        return store;
    }

    @Override
    protected SaleRestorations restorations() {
        return store;
    }

    @Override
    protected void leaveBehind(VoucherId voucherId) {
        store.failOver(store.replicate());
    }
}
