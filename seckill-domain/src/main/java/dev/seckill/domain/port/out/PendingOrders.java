package dev.seckill.domain.port.out;

import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.VoucherId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Accepted orders that the queue has not acknowledged yet. Written by the reservation itself;
 * cleared by the relay once the queue has the order; swept when left too long.
 */
public interface PendingOrders {

    /** Forgets the order once the queue has acknowledged it. Idempotent; never blocks the caller. */
    CompletionStage<Void> clear(SeckillOrder order);

    /** Pending orders of the voucher that were written at least {@code age} ago, oldest first. */
    List<SeckillOrder> olderThan(VoucherId voucherId, Duration age, int limit);
}
