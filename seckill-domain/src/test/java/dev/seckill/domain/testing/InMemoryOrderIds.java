package dev.seckill.domain.testing;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.port.out.OrderIds;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

public final class InMemoryOrderIds implements OrderIds {

    private final AtomicLong last = new AtomicLong();

    @Override
    public CompletionStage<OrderId> next() {
        return CompletableFuture.completedFuture(new OrderId(last.incrementAndGet()));
    }
}
