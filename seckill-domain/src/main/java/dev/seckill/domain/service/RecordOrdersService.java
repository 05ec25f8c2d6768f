package dev.seckill.domain.service;

import dev.seckill.domain.model.Disposition;
import dev.seckill.domain.model.Holding;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.RecordResult;
import dev.seckill.domain.model.RetryPolicy;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.domain.port.out.Alerts;
import dev.seckill.domain.port.out.OrderLedger;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import dev.seckill.domain.port.out.StockReservations;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The consumer's use case: records a batch in the ledger in one go and says what becomes of each
 * delivery. A recorded order whose reservation the store lost (a failover) gets it back in the store;
 * an order the ledger has no unit for is released in the store or, when the store lost it too,
 * dead-lettered; a failed write is retried as the policy says. A dead-lettered order is marked failed
 * in the ledger, its unit given back, and an alert raised.
 */
public final class RecordOrdersService implements RecordOrders {

    static final String NO_UNIT_LEFT =
            "sold out: the store lost this order's reservation (a failover) and the ledger has no unit left for it";
    private static final System.Logger LOG = System.getLogger(RecordOrdersService.class.getName());

    private final OrderLedger ledger;
    private final StockReservations reservations;
    private final Alerts alerts;
    private final RetryPolicy retryPolicy;
    private final Clock clock;

    /** Alerts through {@code alerts} on each order given up; {@code retryPolicy} spaces and counts the retries. */
    public RecordOrdersService(
            OrderLedger ledger, StockReservations reservations, Alerts alerts, RetryPolicy retryPolicy, Clock clock) {
        this.ledger = ledger;
        this.reservations = reservations;
        this.alerts = alerts;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
    }

    /**
     * {@inheritDoc} An order that fails the batch in a way that is not an outage is found by
     * splitting the batch, and goes down the retry road alone; the others are recorded.
     */
    @Override
    public List<Disposition> record(List<OrderDelivery> deliveries) {
        try {
            return recordBatch(deliveries);
        } catch (ServiceUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            if (deliveries.size() == 1) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "order " + deliveries.get(0).order().orderId() + " cannot be recorded",
                        e);
                return List.of(failed(deliveries.get(0), describe(e)));
            }
            // recording is idempotent: the halves may repeat what the failed attempt did
            int half = deliveries.size() / 2;
            List<Disposition> dispositions = new ArrayList<>(record(deliveries.subList(0, half)));
            dispositions.addAll(record(deliveries.subList(half, deliveries.size())));
            return dispositions;
        }
    }

    private List<Disposition> recordBatch(List<OrderDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return List.of();
        }
        List<SeckillOrder> orders =
                deliveries.stream().map(OrderDelivery::order).toList();
        // every delivery is the service's own (the queue checked its signature); one that holds no reservation lost it
        // to a failover (or had it released before): the ledger decides whether it still gets a unit
        List<Holding> holdings = reservations.holdings(orders);
        List<RecordResult> results = ledger.record(orders);

        List<Disposition> dispositions = new ArrayList<>(deliveries.size());
        for (int i = 0; i < deliveries.size(); i++) {
            OrderDelivery delivery = deliveries.get(i);
            RecordResult result = results.get(i);
            boolean lostItsReservation = holdings.get(i) == Holding.NOT_HELD;
            dispositions.add(
                    switch (result.outcome()) {
                        case CREATED -> {
                            if (lostItsReservation) {
                                adopt(delivery.order());
                            }
                            yield Disposition.done(delivery, Disposition.Kind.CREATED);
                        }
                        case ALREADY_RECORDED -> Disposition.done(delivery, Disposition.Kind.ALREADY_RECORDED);
                        case STOCK_EXHAUSTED -> {
                            if (lostItsReservation) {
                                // accepted, but neither the store nor the ledger holds a unit for it any more
                                yield new Disposition(
                                        delivery, Disposition.Kind.DEAD_LETTER, delivery.withError(NO_UNIT_LEFT));
                            }
                            // the database is the last word: Redis promised a unit it does not have, give it back
                            reservations.release(delivery.order());
                            yield Disposition.done(delivery, Disposition.Kind.RELEASED);
                        }
                        case FAILED -> failed(delivery, result.failure());
                    });
        }
        return dispositions;
    }

    /** The ledger recorded an order whose reservation the store lost: the store takes its unit too, so both agree. */
    private void adopt(SeckillOrder order) {
        int adopted = reservations.adopt(order.voucherId(), Map.of(order.userId(), order.orderId()));
        if (adopted == 0) {
            // the sale is missing or behind (its restore reads the ledger), or the buyer holds another order
            LOG.log(
                    System.Logger.Level.INFO,
                    "order {0} of user {1} was recorded without its lost reservation; the store did not take it back"
                            + " (the sale is being restored, or the buyer holds another order: ./seckill reconcile)",
                    order.orderId(),
                    order.userId());
        }
    }

    private Disposition failed(OrderDelivery delivery, String error) {
        return Disposition.failed(delivery, error, retryPolicy, clock.instant());
    }

    private static String describe(RuntimeException e) {
        String message =
                e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (message.isBlank() ? "" : ": " + message);
    }

    @Override
    public void deadLettered(OrderDelivery delivery) {
        SeckillOrder order = delivery.order();
        String reason = delivery.lastError() == null ? "unknown" : delivery.lastError();
        // the ledger decides first, under the voucher's lock: a delivery of this order recorded elsewhere keeps its
        // unit
        if (!ledger.markFailed(order, reason)) {
            return;
        }
        reservations.release(order);
        alerts.orderFailed(delivery, reason);
    }
}
