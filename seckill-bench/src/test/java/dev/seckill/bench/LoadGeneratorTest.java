package dev.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The generator against the JDK's little HTTP server on loopback. */
class LoadGeneratorTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private HttpServer server;

    /** A server answering every request with {@code status} and {@code body} after {@code delayMs}. */
    private InetSocketAddress serve(int status, String body, long delayMs) throws IOException {
        AtomicLong orders = new AtomicLong(1_000);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            try {
                TimeUnit.MILLISECONDS.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes =
                    body.replace("$ID", Long.toString(orders.incrementAndGet())).getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server.getAddress();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        pool.shutdownNow();
    }

    private static LoadGenerator.Workload one(String path) {
        byte[] request = Requests.get(path);
        return new LoadGenerator.Workload() {
            @Override
            public int slotOf(long index) {
                return (int) (index % 7);
            }

            @Override
            public byte[] request(int slot) {
                return request;
            }
        };
    }

    private static LoadGenerator.Plan closed(InetSocketAddress target, int connections, Duration duration) {
        return new LoadGenerator.Plan(
                "test",
                List.of(target),
                one("/buy"),
                true,
                connections,
                2,
                1_000_000,
                null,
                duration,
                Duration.ofSeconds(2));
    }

    private static LoadGenerator.Plan burst(
            InetSocketAddress target, int connections, int requests, Duration spread, Duration timeout) {
        return new LoadGenerator.Plan(
                "test", List.of(target), one("/buy"), true, connections, 1, requests, spread, null, timeout);
    }

    @Test
    void aClosedLoopKeepsAskingForItsDurationAndCollectsTheOrders() throws IOException {
        InetSocketAddress target = serve(200, "{\"success\":true,\"data\":\"$ID\"}", 0);

        LoadResult result = LoadGenerator.run(closed(target, 4, Duration.ofMillis(500)));

        assertThat(result.answers()).isGreaterThan(20);
        assertThat(result.errors()).isZero();
        assertThat(result.accepts()).hasSize((int) result.answers());
        assertThat(result.accepts())
                .extracting(LoadRecorder.Accept::orderId)
                .doesNotHaveDuplicates()
                .allMatch(id -> id > 1_000);
        assertThat(result.elapsedSeconds()).isBetween(0.45, 3.0);
    }

    @Test
    void aBurstSendsEachRequestOnceAndCountsTheCodes() throws IOException {
        InetSocketAddress target = serve(409, "{\"success\":false,\"errorMsg\":\"sold out\",\"code\":\"SOLD_OUT\"}", 0);

        LoadResult result = LoadGenerator.run(burst(target, 4, 200, Duration.ofMillis(400), Duration.ofSeconds(2)));

        assertThat(result.answers()).isEqualTo(200);
        assertThat(result.byCode()).containsExactly(java.util.Map.entry("SOLD_OUT", 200L));
        assertThat(result.elapsedSeconds()).as("spread over the window").isBetween(0.38, 3.0);
    }

    @Test
    void burstLatencyCountsTheWaitForAFreeConnection() throws IOException {
        // 10 requests due within 90 ms, two connections, 300 ms each: the last ones wait about 1.2 s before they are
        // sent
        InetSocketAddress target = serve(200, "{\"success\":true,\"data\":\"$ID\"}", 300);

        LoadResult result = LoadGenerator.run(burst(target, 2, 10, Duration.ofMillis(100), Duration.ofSeconds(2)));

        assertThat(result.answers()).isEqualTo(10);
        assertThat(result.maxMs())
                .as("measured from the scheduled time, not from sending")
                .isGreaterThan(1_000);
        assertThat(result.percentileMs(50)).isGreaterThan(500);
    }

    @Test
    void whatNeverGotAnAnswerIsCountedByKind() throws IOException {
        // one connection, answers after 1 s, 500 ms timeout: a few time out, the rest never leave before the deadline
        InetSocketAddress target = serve(200, "{}", 1_000);

        LoadResult result = LoadGenerator.run(burst(target, 1, 10, Duration.ofMillis(100), Duration.ofMillis(500)));

        assertThat(result.answers()).isZero();
        assertThat(result.errors()).isEqualTo(10);
        assertThat(result.byCode()).containsKey("timeout").containsKey(LoadGenerator.NOT_SENT);
    }

    @Test
    void aRefusedConnectionIsATransportErrorNotAHang() throws IOException {
        InetSocketAddress target = serve(200, "{}", 0);
        server.stop(0);
        server = null;

        LoadResult result = LoadGenerator.run(burst(target, 2, 20, Duration.ofMillis(200), Duration.ofSeconds(1)));

        assertThat(result.answers()).isZero();
        assertThat(result.byCode()).containsEntry("connection refused", 20L);
    }

    @Test
    void onlyLoopback() {
        assertThatThrownBy(() -> burst(
                        new InetSocketAddress("192.0.2.1", 80), 1, 1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("loopback");
    }
}
