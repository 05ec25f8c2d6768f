package dev.seckill.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The 503s a backing service's outage causes, logged one line per service and interval with how
 * many were not logged one by one: under load a line per request would flood the log (and slow the
 * server) for as long as the outage lasts. The exact counts are in {@code seckill_requests_total}.
 */
final class UnavailableLog {

    private final Logger log;
    private final long everyNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** One service's current interval: when its logged 503 was, and the 503s since, not logged. */
    private static final class Window {
        long loggedAt;
        long unlogged;
        boolean started;
    }

    UnavailableLog(Logger log, Duration every, LongSupplier nanoTime) {
        this.log = log;
        this.everyNanos = every.toNanos();
        this.nanoTime = nanoTime;
    }

    void answered(String service, String requestId, String reason) {
        Window window = windows.computeIfAbsent(service, unused -> new Window());
        long unlogged;
        synchronized (window) {
            long now = nanoTime.getAsLong();
            if (window.started && now - window.loggedAt < everyNanos) {
                window.unlogged++;
                return;
            }
            unlogged = window.unlogged;
            window.started = true;
            window.loggedAt = now;
            window.unlogged = 0;
        }
        if (unlogged == 0) {
            log.warn("request {} answered 503: {}", requestId, reason);
        } else {
            log.warn(
                    "request {} answered 503: {} ({} more answered 503 for {} since its last such line, not logged one by one)",
                    requestId,
                    reason,
                    unlogged,
                    service);
        }
    }
}
