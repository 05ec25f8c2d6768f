package dev.seckill.http;

import com.google.errorprone.annotations.MustBeClosed;
import dev.seckill.tracing.TraceAttributes;
import io.javalin.http.Context;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * The SERVER span of a seckill request: from the handler's start to the answer, continuing the
 * client's trace when it sent one ({@code traceparent}). Made current while the use case is
 * called, so that the reservation and the relay's publish are its children.
 */
final class RequestSpans {

    static final String SECKILL_ROUTE = "/voucher-order/seckill/{voucherId}";

    private static final TextMapGetter<Context> HEADERS = new TextMapGetter<>() {
        @Override
        public String get(Context ctx, String key) {
            return ctx == null ? null : ctx.header(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    RequestSpans(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.seckill.http");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    Span seckill(Context ctx) {
        return tracer.spanBuilder("POST " + SECKILL_ROUTE)
                .setParent(propagator.extract(io.opentelemetry.context.Context.root(), ctx, HEADERS))
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(TraceAttributes.HTTP_REQUEST_METHOD, "POST")
                .setAttribute(TraceAttributes.HTTP_ROUTE, SECKILL_ROUTE)
                .startSpan();
    }

    /** The span made current; with tracing off (an invalid span) nothing is. */
    @MustBeClosed
    static Scope enter(Span span) {
        return span.getSpanContext().isValid() ? span.makeCurrent() : Scope.noop();
    }

    /** Ends the span with the answer's status: a server span fails on a 5xx only. */
    static void answered(Span span, int status) {
        span.setAttribute(TraceAttributes.HTTP_RESPONSE_STATUS_CODE, status);
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
