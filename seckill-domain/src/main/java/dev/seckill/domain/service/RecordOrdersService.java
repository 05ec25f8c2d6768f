package dev.seckill.domain.service;

import dev.seckill.domain.model.Disposition;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.RecordResult;
import dev.seckill.domain.model.RetryPolicy;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.port.in.RecordOrders;
import dev.seckill.domain.port.out.Alerts;
import dev.seckill.domain.port.out.OrderLedger;
import dev.seckill.domain.port.out.StockReservations;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

public final class RecordOrdersService implements RecordOrders {

    static final String FORCED_FAILURE = "forced failure (FORCE_SECKILL_CONSUME_FAIL_COUNT)";

    private final OrderLedger ledger;
    private final StockReservations reservations;
    private final Alerts alerts;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final int forcedFailures;

    /**
     * @param forcedFailures the order write fails while a delivery's retry count is below this
     *                       (the retry and dead-letter drills); 0 in normal operation
     */
    public RecordOrdersService(OrderLedger ledger, StockReservations reservations, Alerts alerts,
                               RetryPolicy retryPolicy, Clock clock, int forcedFailures) {
        if (forcedFailures < 0) {
            throw new IllegalArgumentException("forcedFailures must not be negative, got " + forcedFailures);
        }
        this.ledger = ledger;
        this.reservations = reservations;
        this.alerts = alerts;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        this.forcedFailures = forcedFailures;
    }

    @Override
    public List<Disposition> record(List<OrderDelivery> deliveries) {
        List<OrderDelivery> toRecord = new ArrayList<>(deliveries.size());
        for (OrderDelivery delivery : deliveries) {
            if (delivery.retryCount() >= forcedFailures) {
                toRecord.add(delivery);
            }
        }
        List<RecordResult> results = ledger.record(toRecord.stream().map(OrderDelivery::order).toList());

        List<Disposition> dispositions = new ArrayList<>(deliveries.size());
        int next = 0;
        for (OrderDelivery delivery : deliveries) {
            if (delivery.retryCount() < forcedFailures) {
                dispositions.add(failed(delivery, FORCED_FAILURE));
                continue;
            }
            RecordResult result = results.get(next++);
            dispositions.add(switch (result.outcome()) {
                case CREATED -> Disposition.done(delivery, Disposition.Kind.CREATED);
                case ALREADY_RECORDED -> Disposition.done(delivery, Disposition.Kind.ALREADY_RECORDED);
                case STOCK_EXHAUSTED -> {
                    // the database is the last word: Redis promised a unit it does not have, give it back
                    reservations.release(delivery.order());
                    yield Disposition.done(delivery, Disposition.Kind.RELEASED);
                }
                case FAILED -> failed(delivery, result.failure());
            });
        }
        return dispositions;
    }

    private Disposition failed(OrderDelivery delivery, String error) {
        if (retryPolicy.allowsRetryAfter(delivery.retryCount())) {
            int retry = delivery.retryCount() + 1;
            OrderDelivery next = delivery.retried(clock.instant().plus(retryPolicy.backoff(retry)), error);
            return new Disposition(delivery, Disposition.Kind.RETRY, next);
        }
        return new Disposition(delivery, Disposition.Kind.DEAD_LETTER, delivery.withError(error));
    }

    @Override
    public void deadLettered(OrderDelivery delivery) {
        SeckillOrder order = delivery.order();
        String reason = delivery.lastError() == null ? "unknown" : delivery.lastError();
        reservations.release(order);
        ledger.markFailed(order, reason);
        alerts.orderFailed(delivery, reason);
    }
}
