package dev.seckill.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tracing as configured, with the real OTLP/HTTP exporter: the spans of a request that came with a
 * {@code traceparent} reach the receiver at {@code tracing.endpoint}/v1/traces, in that trace.
 * The receiver is the test's own: it keeps the protobuf bodies, in which a trace id is its 16 raw bytes.
 */
class OtlpExportIT {

    private static final List<byte[]> BODIES = new CopyOnWriteArrayList<>();
    private static final List<String> CONTENT_TYPES = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static RunningApp app;

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/v1/traces", exchange -> {
            BODIES.add(exchange.getRequestBody().readAllBytes());
            CONTENT_TYPES.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        app = new RunningApp(
                Map.of(
                        "SECKILL_TRACING_ENABLED", "true",
                        "SECKILL_TRACING_ENDPOINT",
                                "http://127.0.0.1:" + receiver.getAddress().getPort(),
                        "SECKILL_TRACING_SERVICE_NAME", "seckill-otlp-it"),
                0);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void theSpansOfARequestReachTheReceiverInTheCallersTrace() {
        String voucher = app.registerVoucher(
                1,
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString(),
                OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString());
        String token = app.tokens(92_000, 1).get(0);
        byte[] traceId = new byte[16];
        ThreadLocalRandom.current().nextBytes(traceId);
        traceId[0] = 1; // never the invalid all-zero id
        String traceparent = "00-" + HexFormat.of().formatHex(traceId) + "-00f067aa0ba902b7-01";

        HttpResponse<String> bought = app.send(
                "POST",
                "/voucher-order/seckill/" + voucher,
                null,
                Map.of("authorization", token, "traceparent", traceparent));
        assertThat(bought.statusCode()).as(bought.body()).isEqualTo(200);

        // the batch processor exports every few seconds
        await("an export holding trace " + HexFormat.of().formatHex(traceId))
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> BODIES.stream().anyMatch(body -> contains(body, traceId)));
        byte[] export = BODIES.stream()
                .filter(body -> contains(body, traceId))
                .findFirst()
                .orElseThrow();
        assertThat(contains(export, "seckill-otlp-it".getBytes(StandardCharsets.UTF_8)))
                .as("the service name in the export")
                .isTrue();
        assertThat(CONTENT_TYPES)
                .as("OTLP/HTTP sends protobuf")
                .allMatch(type -> type.startsWith("application/x-protobuf"));
    }

    private static boolean contains(byte[] body, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= body.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (body[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
