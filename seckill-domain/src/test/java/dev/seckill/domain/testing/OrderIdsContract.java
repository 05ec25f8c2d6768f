package dev.seckill.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.port.out.OrderIds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What every {@link OrderIds} must do. */
public abstract class OrderIdsContract {

    /** A new generator; two calls give two generators sharing the same backing store (two app instances). */
    protected abstract OrderIds newGenerator();

    @Test
    void idsIncreaseWithinOneGenerator() {
        OrderIds ids = newGenerator();
        long previous = 0;
        for (int i = 0; i < 5_000; i++) {
            long id = ids.next().toCompletableFuture().join().value();
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
    }

    @Test
    void idsAreUniqueAcrossThreadsAndGenerators() {
        List<OrderIds> generators = List.of(newGenerator(), newGenerator());
        int perThread = 20_000;
        List<CompletableFuture<List<OrderId>>> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            OrderIds ids = generators.get(t % 2);
            threads.add(CompletableFuture.supplyAsync(() -> {
                List<OrderId> taken = new ArrayList<>(perThread);
                for (int i = 0; i < perThread; i++) {
                    taken.add(ids.next().toCompletableFuture().join());
                }
                return taken;
            }));
        }
        Set<OrderId> all = new HashSet<>();
        for (CompletableFuture<List<OrderId>> thread : threads) {
            all.addAll(thread.join());
        }
        assertThat(all).hasSize(4 * perThread);
    }
}
