package dev.seckill.domain.service;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.VoucherSale;
import dev.seckill.domain.port.in.RelayOrders;
import dev.seckill.domain.port.out.OrderPublisher;
import dev.seckill.domain.port.out.PendingOrders;
import dev.seckill.domain.port.out.VoucherCatalogue;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes accepted orders and clears their pending record on the broker's acknowledgement.
 * Orders whose publisher died (or whose publish failed) stay pending and are swept.
 */
public final class OrderRelayService implements RelayOrders {

    private static final System.Logger LOG = System.getLogger(OrderRelayService.class.getName());

    private final OrderPublisher publisher;
    private final PendingOrders pending;
    private final VoucherCatalogue catalogue;
    private final Clock clock;
    private final Duration staleAfter;
    private final Duration salesHorizon;
    private final int sweepBatch;
    // an order already on its way is not swept again: avoids piling duplicates while the broker is slow
    private final Map<OrderId, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param staleAfter   how long an order may stay pending before the sweeper publishes it again
     * @param salesHorizon how long after a sale's end its pending orders are still swept
     * @param sweepBatch   how many pending orders of one voucher one sweep publishes at most
     */
    OrderRelayService(
            OrderPublisher publisher,
            PendingOrders pending,
            VoucherCatalogue catalogue,
            Clock clock,
            Duration staleAfter,
            Duration salesHorizon,
            int sweepBatch) {
        this.publisher = publisher;
        this.pending = pending;
        this.catalogue = catalogue;
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.salesHorizon = salesHorizon;
        this.sweepBatch = sweepBatch;
    }

    @Override
    public CompletionStage<Void> publish(SeckillOrder order) {
        CompletableFuture<Void> published = new CompletableFuture<>();
        CompletableFuture<Void> already = inFlight.putIfAbsent(order.orderId(), published);
        if (already != null) {
            return already;
        }
        publisher.publish(order).whenComplete((ok, error) -> {
            if (error != null) {
                inFlight.remove(order.orderId());
                LOG.log(Level.DEBUG, "order {0} stays pending: {1}", order.orderId(), error.getMessage());
                published.completeExceptionally(error);
                return;
            }
            published.complete(null);
            pending.clear(order).whenComplete((cleared, failure) -> {
                inFlight.remove(order.orderId());
                if (failure != null) {
                    LOG.log(
                            Level.DEBUG,
                            "order {0} is published but stays pending (swept again): {1}",
                            order.orderId(),
                            failure.getMessage());
                }
            });
        });
        return published;
    }

    @Override
    public int sweep() {
        int swept = 0;
        for (VoucherSale sale : catalogue.salesEndingAfter(clock.instant().minus(salesHorizon))) {
            for (SeckillOrder order : pending.olderThan(sale.voucherId(), staleAfter, sweepBatch)) {
                if (!inFlight.containsKey(order.orderId())) {
                    publish(order);
                    swept++;
                }
            }
        }
        return swept;
    }

    @Override
    public int inFlight() {
        return inFlight.size();
    }
}
