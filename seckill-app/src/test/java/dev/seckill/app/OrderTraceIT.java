package dev.seckill.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seckill.tracing.TraceAttributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With tracing on, one order's trace runs from its request through Redis and Kafka to its write in the database. */
class OrderTraceIT {

    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static RunningApp app;

    @BeforeAll
    static void start() {
        app = new RunningApp(Map.of("SECKILL_TRACING_ENABLED", "true"), SPANS);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void oneTraceSpansTheRequestTheScriptTheRecordTheConsumerAndTheWrite() {
        String voucher = app.registerVoucher(
                1,
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString(),
                OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString());
        String token = app.tokens(91_000, 1).get(0);

        HttpResponse<String> bought =
                app.send("POST", "/voucher-order/seckill/" + voucher, null, Map.of("authorization", token));
        assertThat(bought.statusCode()).as(bought.body()).isEqualTo(200);
        String orderId = bought.body().replaceAll(".*\"data\":\"(\\d+)\".*", "$1");

        await("order " + orderId + " CREATED in the database")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> app.send("GET", "/voucher-order/" + orderId, null, Map.of("authorization", token))
                        .body()
                        .contains("\"status\":\"CREATED\""));
        // the spans are exported in batches (every few seconds): wait for the last one, the write's
        await("the span of order " + orderId + "'s write")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> find(orderId, SpanKind.CLIENT, "mysql") != null);

        SpanData request = find(orderId, SpanKind.SERVER, null);
        SpanData script = find(orderId, SpanKind.CLIENT, "redis");
        SpanData sent = find(orderId, SpanKind.PRODUCER, null);
        SpanData processed = find(orderId, SpanKind.CONSUMER, null);
        SpanData written = find(orderId, SpanKind.CLIENT, "mysql");
        assertThat(List.of(request, script, sent, processed, written))
                .as(
                        "the request's, the script's, the record's, the consumer's "
                                + "and the write's spans of order %s among %s",
                        orderId, SPANS.getFinishedSpanItems())
                .doesNotContainNull();

        assertThat(List.of(script, sent, processed, written))
                .allSatisfy(span -> assertThat(span.getTraceId())
                        .as("the trace of %s", span.getName())
                        .isEqualTo(request.getTraceId()));
        assertThat(request.getParentSpanContext().isValid())
                .as("the request starts the trace")
                .isFalse();
        assertThat(script.getParentSpanId())
                .as("the script's parent: the request")
                .isEqualTo(request.getSpanId());
        assertThat(sent.getParentSpanId())
                .as("the record's parent: the request")
                .isEqualTo(request.getSpanId());
        assertThat(processed.getParentSpanId())
                .as("the consumer's parent: the record's, from its headers")
                .isEqualTo(sent.getSpanId());
        assertThat(written.getParentSpanId())
                .as("the write's parent: the consumer's span of that order")
                .isEqualTo(processed.getSpanId());

        assertThat(request.getAttributes().get(TraceAttributes.HTTP_ROUTE))
                .isEqualTo("/voucher-order/seckill/{voucherId}");
        assertThat(request.getAttributes().get(TraceAttributes.HTTP_RESPONSE_STATUS_CODE))
                .isEqualTo(200L);
        assertThat(script.getAttributes().get(TraceAttributes.OUTCOME)).isEqualTo("RESERVED");
        assertThat(sent.getAttributes().get(TraceAttributes.MESSAGING_DESTINATION_NAME))
                .isEqualTo(app.name + "-orders");
        assertThat(processed.getAttributes().get(TraceAttributes.OUTCOME)).isEqualTo("CREATED");
        assertThat(written.getAttributes().get(TraceAttributes.OUTCOME)).isEqualTo("CREATED");
        assertThat(written.getAttributes().get(TraceAttributes.DB_NAMESPACE)).isEqualTo(app.name);
    }

    /** The finished span of the order of that kind (and database system), or null. */
    private static SpanData find(String orderId, SpanKind kind, String dbSystem) {
        Predicate<SpanData> ofSystem =
                span -> dbSystem == null || dbSystem.equals(span.getAttributes().get(TraceAttributes.DB_SYSTEM_NAME));
        return SPANS.getFinishedSpanItems().stream()
                .filter(span -> orderId.equals(span.getAttributes().get(TraceAttributes.ORDER_ID)))
                .filter(span -> span.getKind() == kind)
                .filter(ofSystem)
                .findFirst()
                .orElse(null);
    }
}
