package dev.seckill.bench;

import java.util.concurrent.atomic.AtomicLong;

/** Hands out request indexes in order, with the moment each is due. */
final class LoadSchedule {
    private final LoadGenerator.Plan plan;
    private final AtomicLong next = new AtomicLong();
    private volatile long origin;
    private volatile boolean started;

    LoadSchedule(LoadGenerator.Plan plan) {
        this.plan = plan;
    }

    void start(long at) {
        origin = at;
        started = true;
    }

    long origin() {
        return origin;
    }

    boolean started() {
        return started;
    }

    long end() {
        return origin + (plan.openLoop() ? plan.spread() : plan.duration()).toNanos();
    }

    long hardDeadline() {
        return origin + plan.hardLimit().toNanos();
    }

    /** The next request index, or -1 when the run has handed out all of them. */
    long claim(long now) {
        if (!plan.openLoop() && now >= end()) {
            return -1;
        }
        long index = next.getAndIncrement();
        return index < plan.maxRequests() ? index : -1;
    }

    /** Requests never handed out. */
    long unclaimed() {
        return Math.max(0, plan.maxRequests() - next.get());
    }

    long dueAt(long index, long now) {
        if (!plan.openLoop()) {
            return now;
        }
        return origin + (long) ((double) plan.spread().toNanos() * index / plan.maxRequests());
    }
}
