package dev.seckill.domain.port.in;

import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.SeckillOrder;

/** Sends a dead-lettered order through again, if its unit can still be reserved. */
public interface ReplayFailedOrder {

    /** RESERVED when the order was re-reserved and queued again; otherwise why it was refused. */
    Reservation replay(SeckillOrder order);
}
