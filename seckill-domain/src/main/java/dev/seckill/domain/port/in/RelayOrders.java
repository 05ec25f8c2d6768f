package dev.seckill.domain.port.in;

import dev.seckill.domain.model.SeckillOrder;
import java.util.concurrent.CompletionStage;

/** Moves accepted orders from the pending record to the queue. */
public interface RelayOrders {

    /**
     * Publishes an accepted order and clears its pending record once the queue has it. The stage
     * completes when the queue has durably taken the order, exceptionally when it could not (the
     * order then stays pending and is swept later). Never blocks the caller.
     */
    CompletionStage<Void> publish(SeckillOrder order);

    /** Publishes again the orders left pending too long (their publisher may have died); returns how many. */
    int sweep();

    /** How many orders are being published right now. */
    int inFlight();
}
