package dev.seckill.domain.port.in;

import dev.seckill.domain.model.SeckillOrder;

/** Moves accepted orders from the pending record to the broker. */
public interface RelayOrders {

    /** Publishes an accepted order and clears its pending record once the broker has it. */
    void publish(SeckillOrder order);

    /** Publishes again the orders left pending too long (their publisher may have died); returns how many. */
    int sweep();

    /** How many orders are being published right now. */
    int inFlight();
}
