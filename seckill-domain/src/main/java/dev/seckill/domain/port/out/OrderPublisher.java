package dev.seckill.domain.port.out;

import dev.seckill.domain.model.SeckillOrder;
import java.util.concurrent.CompletionStage;

/** Hands an accepted order to the queue towards the ledger. */
public interface OrderPublisher {

    /**
     * Completes when the queue has durably acknowledged the order; completes exceptionally when it
     * could not (the order then stays pending and is swept later). Never blocks the caller.
     */
    CompletionStage<Void> publish(SeckillOrder order);
}
