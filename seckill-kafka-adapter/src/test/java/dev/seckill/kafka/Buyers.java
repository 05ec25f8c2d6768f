package dev.seckill.kafka;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.VoucherId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Places one order every 50 ms, each for a new user, until stopped (at most {@code limit}). */
final class Buyers implements AutoCloseable {

    private final OrderFlow flow;
    private final VoucherId voucher;
    private final int limit;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<OrderId> accepted = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private long nextUser = 1;

    Buyers(OrderFlow flow, VoucherId voucher, int limit) {
        this.flow = flow;
        this.voucher = voucher;
        this.limit = limit;
        var unused = scheduler.scheduleAtFixedRate(this::buy, 0, 50, TimeUnit.MILLISECONDS);
    }

    private void buy() {
        synchronized (this) {
            if (nextUser > limit) {
                return;
            }
        }
        try {
            OrderId orderId = flow.place(nextUser, voucher);
            synchronized (this) {
                accepted.add(orderId);
                nextUser++;
            }
        } catch (RuntimeException | AssertionError e) {
            synchronized (this) {
                errors.add(e.toString());
                nextUser++;
            }
        }
    }

    synchronized List<OrderId> accepted() {
        return List.copyOf(accepted);
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    /** Places no more orders; returns once the last one placed is answered. */
    void stop() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
