package dev.seckill.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seckill.domain.model.OrderId;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderTracesTest {

    private static final ContextKey<String> TRACE = ContextKey.named("trace");

    @Test
    void eachOrderFindsItsOwnTrace() {
        Context first = Context.root().with(TRACE, "first");
        Context second = Context.root().with(TRACE, "second");
        Context batch = OrderTraces.with(Context.root(), Map.of(new OrderId(1), first, new OrderId(2), second));

        assertThat(OrderTraces.carried(batch)).isTrue();
        assertThat(OrderTraces.of(batch, new OrderId(1))).contains(first);
        assertThat(OrderTraces.of(batch, new OrderId(2))).contains(second);
        assertThat(OrderTraces.of(batch, new OrderId(3))).isEmpty();
    }

    @Test
    void aBatchWithoutTracesLeavesTheContextAsItWas() {
        assertThat(OrderTraces.with(Context.root(), Map.of())).isSameAs(Context.root());
        assertThat(OrderTraces.carried(Context.root())).isFalse();
        assertThat(OrderTraces.of(Context.root(), new OrderId(1))).isEmpty();
    }
}
