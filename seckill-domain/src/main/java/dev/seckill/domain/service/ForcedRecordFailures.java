package dev.seckill.domain.service;

import dev.seckill.domain.model.Disposition;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.RetryPolicy;
import dev.seckill.domain.port.in.RecordOrders;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The retry and dead-letter drills: around the real use case, the order write fails while a
 * delivery's retry count is below a number, so orders travel the retry road and, once the policy's
 * retries are spent, the dead-letter one. Only a drill adds it; normal operation never does.
 */
public final class ForcedRecordFailures implements RecordOrders {

    /** The last error of a delivery whose write the drill failed. */
    public static final String REASON = "forced failure (FORCE_SECKILL_CONSUME_FAIL_COUNT)";

    private final RecordOrders recordOrders;
    private final int failures;
    private final RetryPolicy retryPolicy;
    private final Clock clock;

    /** @param failures the write fails while a delivery's retry count is below this (at least 1) */
    ForcedRecordFailures(RecordOrders recordOrders, int failures, RetryPolicy retryPolicy, Clock clock) {
        if (failures < 1) {
            throw new IllegalArgumentException("forced failures must be at least 1, got " + failures);
        }
        this.recordOrders = recordOrders;
        this.failures = failures;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
    }

    @Override
    public List<Disposition> record(List<OrderDelivery> deliveries) {
        List<OrderDelivery> spared = deliveries.stream()
                .filter(delivery -> delivery.retryCount() >= failures)
                .toList();
        IdentityHashMap<OrderDelivery, Disposition> recorded = new IdentityHashMap<>();
        if (!spared.isEmpty()) {
            recordOrders.record(spared).forEach(disposition -> recorded.put(disposition.delivery(), disposition));
        }
        List<Disposition> dispositions = new ArrayList<>(deliveries.size());
        for (OrderDelivery delivery : deliveries) {
            Disposition disposition = recorded.get(delivery);
            dispositions.add(
                    disposition != null
                            ? disposition
                            : Disposition.failed(delivery, REASON, retryPolicy, clock.instant()));
        }
        return dispositions;
    }

    @Override
    public void deadLettered(OrderDelivery delivery) {
        recordOrders.deadLettered(delivery);
    }
}
