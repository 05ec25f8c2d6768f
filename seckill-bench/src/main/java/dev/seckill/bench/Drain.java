package dev.seckill.bench;

/**
 * After the load: whether the orders settled, how many, and how fast the rest arrived.
 *
 * @param drainMs            from the last accepted answer to the last order in the DB
 * @param ordersAfterLoad    orders that reached the DB after the load stopped
 * @param afterLoadPerSecond those orders per second (null when there were none)
 * @param recordedPerSecond  all orders per second, from the first request to the last order
 * @param recordedWithinMs   from the load's end to the last order in the DB (null when none arrived after the load)
 */
record Drain(
        boolean settled,
        long orders,
        long ordersAfterLoad,
        Double drainMs,
        Double afterLoadPerSecond,
        Double recordedPerSecond,
        Double recordedWithinMs) {}
