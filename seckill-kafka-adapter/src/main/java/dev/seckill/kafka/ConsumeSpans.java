package dev.seckill.kafka;

import dev.seckill.domain.model.Disposition;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.OrderId;
import dev.seckill.tracing.OrderTraces;
import dev.seckill.tracing.TraceAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The consumer's span of each record it records: a child of the trace in the record's headers
 * (the producer's span), from the batch's start to the order's disposition. The batch is one
 * call, so each order's span context is handed down through {@link OrderTraces}: the ledger's
 * write of that order is then a child of it, in the request's trace.
 */
final class ConsumeSpans {

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    ConsumeSpans(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.seckill.kafka");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** {@code record} applied to the items' deliveries, each item in a span of its own. */
    List<Disposition> record(List<PolledItem> items, Function<List<OrderDelivery>, List<Disposition>> record) {
        List<Span> spans = new ArrayList<>(items.size());
        Map<OrderId, Context> traces = new HashMap<>();
        for (PolledItem item : items) {
            Span span = processing(item);
            spans.add(span);
            if (span.getSpanContext().isValid()) {
                traces.put(item.delivery().order().orderId(), Context.root().with(span));
            }
        }
        List<Disposition> dispositions;
        try (Scope ignored = OrderTraces.with(Context.current(), traces).makeCurrent()) {
            dispositions = record.apply(items.stream().map(PolledItem::delivery).toList());
        } catch (RuntimeException | Error e) {
            spans.forEach(span -> failed(span, e));
            throw e;
        }
        for (int i = 0; i < spans.size(); i++) {
            Disposition.Kind kind = dispositions.get(i).kind();
            Span span = spans.get(i).setAttribute(TraceAttributes.OUTCOME, kind.name());
            if (kind == Disposition.Kind.RETRY || kind == Disposition.Kind.DEAD_LETTER) {
                span.setStatus(StatusCode.ERROR, dispositions.get(i).next().lastError());
            }
            span.end();
        }
        return dispositions;
    }

    private Span processing(PolledItem item) {
        ConsumerRecord<String, byte[]> record = item.record();
        Context sent = propagator.extract(Context.root(), record.headers(), TraceHeaders.CARRIER);
        Span span = tracer.spanBuilder("process " + record.topic())
                .setParent(sent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(TraceAttributes.MESSAGING_SYSTEM, "kafka")
                .setAttribute(TraceAttributes.MESSAGING_OPERATION_TYPE, "process")
                .setAttribute(TraceAttributes.MESSAGING_OPERATION_NAME, "process")
                .setAttribute(TraceAttributes.MESSAGING_KAFKA_OFFSET, record.offset())
                .startSpan();
        if (span.isRecording()) { // tracing off: no texts made per record
            span.setAttribute(TraceAttributes.MESSAGING_DESTINATION_NAME, record.topic())
                    .setAttribute(
                            TraceAttributes.MESSAGING_DESTINATION_PARTITION_ID, Integer.toString(record.partition()))
                    .setAttribute(
                            TraceAttributes.ORDER_ID,
                            item.delivery().order().orderId().toString());
        }
        return span;
    }

    private static void failed(Span span, Throwable error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
        span.end();
    }
}
