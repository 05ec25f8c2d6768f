package dev.seckill.kafka;

import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.tracing.TraceAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The relay's producer span: from handing the record to the producer to the broker's ack, a child
 * of the trace the order was accepted in (none for an order the sweeper publishes again: the
 * request's context is not kept in the pending record). Its context travels in the record's headers.
 */
final class PublishSpans {

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    PublishSpans(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.seckill.kafka");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Starts the span of sending {@code record} and writes its context into the record's headers. */
    Span sending(Context accepted, ProducerRecord<String, byte[]> record, SeckillOrder order) {
        Span span = tracer.spanBuilder("send " + record.topic())
                .setParent(accepted)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(TraceAttributes.MESSAGING_SYSTEM, "kafka")
                .setAttribute(TraceAttributes.MESSAGING_OPERATION_TYPE, "send")
                .setAttribute(TraceAttributes.MESSAGING_OPERATION_NAME, "send")
                .startSpan();
        if (!span.getSpanContext().isValid()) {
            return span; // tracing off: no headers, no texts made per order
        }
        if (span.isRecording()) { // a trace not sampled still travels (the consumer follows its choice)
            span.setAttribute(TraceAttributes.MESSAGING_DESTINATION_NAME, record.topic())
                    .setAttribute(TraceAttributes.MESSAGING_KAFKA_MESSAGE_KEY, record.key())
                    .setAttribute(TraceAttributes.ORDER_ID, order.orderId().toString())
                    .setAttribute(TraceAttributes.VOUCHER_ID, order.voucherId().toString());
        }
        propagator.inject(accepted.with(span), record.headers(), TraceHeaders.CARRIER);
        return span;
    }

    /** Ends the span when the broker answered, or the send failed ({@code error} not null). */
    static void sent(Span span, Throwable error) {
        if (error != null) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, error.getMessage());
        }
        span.end();
    }
}
