package dev.seckill.domain.testing;

import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.port.out.OrderPublisher;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Acknowledges at once, or fails every publish while the broker is "down". */
public final class InMemoryOrderPublisher implements OrderPublisher {

    private final List<SeckillOrder> published = new ArrayList<>();
    private volatile boolean down;

    public void down(boolean down) {
        this.down = down;
    }

    @Override
    public synchronized CompletionStage<Void> publish(SeckillOrder order) {
        if (down) {
            return CompletableFuture.failedFuture(new ServiceUnavailableException("kafka", "simulated outage", null));
        }
        published.add(order);
        return CompletableFuture.completedFuture(null);
    }

    public synchronized List<SeckillOrder> published() {
        return List.copyOf(published);
    }
}
