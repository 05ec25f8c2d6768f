package dev.seckill.tracing;

import dev.seckill.domain.model.OrderId;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.Map;
import java.util.Optional;

/**
 * Each order's own trace while a batch of orders is recorded in one call: the consumer puts every
 * order's context into the current one, and the ledger, deep under the use case that knows no
 * traces, parents that order's write in it. So one request's trace holds the write of its order.
 */
public final class OrderTraces {

    private static final ContextKey<Map<OrderId, Context>> ORDERS = ContextKey.named("seckill-order-traces");

    private OrderTraces() {}

    /** {@code context} carrying the trace of each order; unchanged when no order has one. */
    public static Context with(Context context, Map<OrderId, Context> traces) {
        return traces.isEmpty() ? context : context.with(ORDERS, Map.copyOf(traces));
    }

    /** Whether {@code context} carries the traces of a batch's orders (when it does not, the ledger makes no spans). */
    public static boolean carried(Context context) {
        return context.get(ORDERS) != null;
    }

    /** The trace of the order, when the batch brought one. */
    public static Optional<Context> of(Context context, OrderId orderId) {
        Map<OrderId, Context> traces = context.get(ORDERS);
        return traces == null ? Optional.empty() : Optional.ofNullable(traces.get(orderId));
    }
}
