package dev.seckill.domain.testing;

import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.port.out.OrderPublisher;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Acknowledges at once, fails every publish while the broker is "down", or holds every publish
 * unanswered while it is "stalled" (a leader election) until it is let go.
 */
public final class InMemoryOrderPublisher implements OrderPublisher {

    private final List<SeckillOrder> published = new ArrayList<>();
    private final Map<SeckillOrder, CompletableFuture<Void>> held = new LinkedHashMap<>();
    private volatile boolean down;
    private boolean stalled;

    public void down(boolean down) {
        this.down = down;
    }

    public synchronized void stall() {
        stalled = true;
    }

    /** Ends the stall: the held publishes are acknowledged, in order. */
    public void letGo() {
        List<Map.Entry<SeckillOrder, CompletableFuture<Void>>> release;
        synchronized (this) {
            stalled = false;
            published.addAll(held.keySet());
            release = List.copyOf(held.entrySet());
            held.clear();
        }
        release.forEach(entry -> entry.getValue().complete(null));
    }

    @Override
    public synchronized CompletionStage<Void> publish(SeckillOrder order) {
        if (down) {
            return CompletableFuture.failedFuture(new ServiceUnavailableException("kafka", "simulated outage", null));
        }
        if (stalled) {
            return held.computeIfAbsent(order, unused -> new CompletableFuture<>());
        }
        published.add(order);
        return CompletableFuture.completedFuture(null);
    }

    public synchronized List<SeckillOrder> published() {
        return List.copyOf(published);
    }
}
