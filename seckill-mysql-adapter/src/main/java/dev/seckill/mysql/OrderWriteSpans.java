package dev.seckill.mysql;

import dev.seckill.domain.model.RecordOutcome;
import dev.seckill.domain.model.RecordResult;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.tracing.OrderTraces;
import dev.seckill.tracing.TraceAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The span of each order's write, in that order's own trace: the batch is one transaction for
 * many orders, each from another request, so each order gets a span of the whole transaction
 * (its start to the commit, the batch's size as {@code db.operation.batch.size}) as a child of
 * the context its consumer handed down ({@link OrderTraces}). A batch that brought no traces
 * (tracing off) makes none.
 */
final class OrderWriteSpans {

    private static final String TABLE = "tb_voucher_order";

    private final Tracer tracer;
    private final String namespace;

    OrderWriteSpans(OpenTelemetry openTelemetry, String namespace) {
        this.tracer = openTelemetry.getTracer("dev.seckill.mysql");
        this.namespace = namespace;
    }

    /** A span per order, in the batch's order: an invalid one for an order without a trace; empty without any. */
    List<Span> start(List<SeckillOrder> orders) {
        Context current = Context.current();
        if (!OrderTraces.carried(current)) {
            return List.of();
        }
        List<Span> spans = new ArrayList<>(orders.size());
        for (SeckillOrder order : orders) {
            Optional<Context> trace = OrderTraces.of(current, order.orderId());
            spans.add(
                    trace.isEmpty()
                            ? Span.getInvalid()
                            : tracer.spanBuilder("INSERT " + TABLE)
                                    .setParent(trace.get())
                                    .setSpanKind(SpanKind.CLIENT)
                                    .setAttribute(TraceAttributes.DB_SYSTEM_NAME, "mysql")
                                    .setAttribute(TraceAttributes.DB_NAMESPACE, namespace)
                                    .setAttribute(TraceAttributes.DB_COLLECTION_NAME, TABLE)
                                    .setAttribute(TraceAttributes.DB_OPERATION_NAME, "INSERT")
                                    .setAttribute(TraceAttributes.DB_OPERATION_BATCH_SIZE, (long) orders.size())
                                    .setAttribute(
                                            TraceAttributes.ORDER_ID,
                                            order.orderId().toString())
                                    .startSpan());
        }
        return spans;
    }

    /** Ends each span with its order's outcome ({@code results} in the batch's order). */
    static void recorded(List<Span> spans, List<RecordResult> results) {
        for (int i = 0; i < spans.size(); i++) {
            RecordResult result = results.get(i);
            Span span = spans.get(i)
                    .setAttribute(TraceAttributes.OUTCOME, result.outcome().name());
            if (result.outcome() == RecordOutcome.FAILED) {
                span.setStatus(StatusCode.ERROR, result.failure());
            }
            span.end();
        }
    }

    /** Ends each span with the failure of the whole batch (an outage: it is tried again). */
    static void failed(List<Span> spans, RuntimeException failure) {
        for (Span span : spans) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
            span.end();
        }
    }
}
