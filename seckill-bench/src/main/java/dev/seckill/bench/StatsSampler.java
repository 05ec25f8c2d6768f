package dev.seckill.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples the sale while the load runs (pending orders, orders in the DB) by keyed reads of Redis
 * and the DB, and the server's heap from {@code /metrics} about once a second. Stops by itself
 * after {@code limit}. Not the stats endpoint: it counts the voucher's order rows, and ten counts a
 * second took a sixth of this machine's CPU from the accept path it was watching.
 */
final class StatsSampler implements AutoCloseable {

    /** One sample; {@code atNanos} is {@link System#nanoTime}. */
    record Sample(long atNanos, long pendingOrders, long dbOrders, long dlqOrders, long redisStock) {}

    private static final int HEAP_EVERY = 10;

    private final SaleInspector sale;
    private final AdminApi api;
    private final long voucherId;
    private final Duration every;
    private final long deadline;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;
    private long maxHeapBytes = -1;

    /** @param sale read from this thread only: its own DB connection */
    StatsSampler(SaleInspector sale, AdminApi api, long voucherId, Duration every, Duration limit) {
        this.sale = sale;
        this.api = api;
        this.voucherId = voucherId;
        this.every = every;
        this.deadline = System.nanoTime() + limit.toNanos();
        this.thread = new Thread(this::poll, "bench-stats");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void poll() {
        int tick = 0;
        while (!stopped && System.nanoTime() < deadline) {
            long next = System.nanoTime() + every.toNanos();
            sale.sample(voucherId).ifPresent(this::add);
            if (tick++ % HEAP_EVERY == 0) {
                api.heapUsedBytes().ifPresent(this::heap);
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private synchronized void add(Sample sample) {
        samples.add(sample);
    }

    private synchronized void heap(long bytes) {
        maxHeapBytes = Math.max(maxHeapBytes, bytes);
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The most heap the server used in the samples, or -1 when none was read. */
    synchronized long maxHeapBytes() {
        return maxHeapBytes;
    }

    /** Orders in the DB at the latest sample, 0 when there is none. */
    synchronized long lastDbOrders() {
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).dbOrders();
    }

    /** When a sample first showed at least {@code orders} in the DB ({@link System#nanoTime}). */
    synchronized OptionalLong firstReaching(long orders) {
        return samples.stream()
                .filter(s -> s.dbOrders() >= orders)
                .mapToLong(Sample::atNanos)
                .findFirst();
    }

    /** The most pending orders seen between {@code from} and {@code to} ({@link System#nanoTime}). */
    synchronized long maxPending(long from, long to) {
        return samples.stream()
                .filter(s -> s.atNanos() >= from && s.atNanos() <= to)
                .mapToLong(Sample::pendingOrders)
                .max()
                .orElse(0);
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sale.close();
    }
}
