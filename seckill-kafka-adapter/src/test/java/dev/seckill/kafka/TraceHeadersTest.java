package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TraceHeadersTest {

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    @Test
    void aTraceContextCrossesTheRecordHeaders() {
        SpanContext sent = SpanContext.create(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                TraceFlags.getSampled(),
                TraceState.getDefault());
        RecordHeaders headers = new RecordHeaders();
        W3C.inject(Context.root().with(Span.wrap(sent)), headers, TraceHeaders.CARRIER);
        // written twice (a record sent again): one header, not two
        W3C.inject(Context.root().with(Span.wrap(sent)), headers, TraceHeaders.CARRIER);

        assertThat(headers.headers("traceparent")).hasSize(1);
        SpanContext received = Span.fromContext(W3C.extract(Context.root(), headers, TraceHeaders.CARRIER))
                .getSpanContext();
        assertThat(received.getTraceId()).isEqualTo(sent.getTraceId());
        assertThat(received.getSpanId()).isEqualTo(sent.getSpanId());
        assertThat(received.isRemote()).isTrue();
    }

    @Test
    void aRecordWithoutHeadersHasNoTrace() {
        Context extracted = W3C.extract(Context.root(), new RecordHeaders(), TraceHeaders.CARRIER);
        assertThat(Span.fromContext(extracted).getSpanContext().isValid()).isFalse();
    }
}
