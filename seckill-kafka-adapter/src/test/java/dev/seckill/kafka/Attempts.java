package dev.seckill.kafka;

import dev.seckill.domain.model.Disposition;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.port.in.RecordOrders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Records every delivery handed to the ledger, and when: the retry gaps and the batch sizes are measured on it. */
final class Attempts implements RecordOrders {

    record Attempt(OrderId orderId, int retryCount, Instant at) {}

    private final RecordOrders delegate;
    private final List<Attempt> attempts = new ArrayList<>();
    private final List<Integer> batchSizes = new ArrayList<>();

    Attempts(RecordOrders delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<Disposition> record(List<OrderDelivery> deliveries) {
        Instant now = Instant.now();
        synchronized (this) {
            batchSizes.add(deliveries.size());
            deliveries.forEach(
                    delivery -> attempts.add(new Attempt(delivery.order().orderId(), delivery.retryCount(), now)));
        }
        return delegate.record(deliveries);
    }

    @Override
    public void deadLettered(OrderDelivery delivery) {
        delegate.deadLettered(delivery);
    }

    synchronized List<Attempt> of(OrderId orderId) {
        return attempts.stream()
                .filter(attempt -> attempt.orderId().equals(orderId))
                .toList();
    }

    synchronized List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    synchronized int deliveries() {
        return attempts.size();
    }
}
