package dev.seckill.domain.testing;

import dev.seckill.domain.port.out.PendingOrders;
import dev.seckill.domain.port.out.StockReservations;
import java.time.Clock;

class InMemoryStockReservationsTest extends StockReservationsContract {

    private final InMemoryStockReservations reservations = new InMemoryStockReservations(Clock.systemUTC());

    @Override
    protected StockReservations reservations() {
        return reservations;
    }

    @Override
    protected PendingOrders pending() {
        return reservations;
    }
}
