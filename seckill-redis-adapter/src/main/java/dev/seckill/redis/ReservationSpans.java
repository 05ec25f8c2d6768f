package dev.seckill.redis;

import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.tracing.TraceAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.concurrent.CompletionStage;

/** The reservation script's span: from sending {@code reserve.lua} to its answer, a child of the request's span. */
final class ReservationSpans {

    private final Tracer tracer;

    ReservationSpans(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.seckill.redis");
    }

    /** Whether the caller is in a trace; outside one (tracing off) the reservation makes no span and pays nothing. */
    static boolean inTrace() {
        return Span.current().getSpanContext().isValid();
    }

    /** The span of {@code reservation}, ended when it answers. */
    CompletionStage<Reservation> traced(SeckillOrder order, CompletionStage<Reservation> reservation) {
        Span span = tracer.spanBuilder("EVALSHA reserve.lua")
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(TraceAttributes.DB_SYSTEM_NAME, "redis")
                .setAttribute(TraceAttributes.DB_OPERATION_NAME, "EVALSHA")
                .setAttribute(TraceAttributes.ORDER_ID, order.orderId().toString())
                .setAttribute(TraceAttributes.VOUCHER_ID, order.voucherId().toString())
                .startSpan();
        return reservation.whenComplete((answer, error) -> {
            if (error != null) {
                span.recordException(error);
                span.setStatus(StatusCode.ERROR, error.getMessage());
            } else {
                span.setAttribute(TraceAttributes.OUTCOME, answer.name());
            }
            span.end();
        });
    }
}
