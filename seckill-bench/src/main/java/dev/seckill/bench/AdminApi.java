package dev.seckill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's calls of the bench on a server's HTTP API (docs/api.md): readiness, registering the
 * voucher, its stats, the server's metrics. A buyer's calls are {@link BuyerApi}'s; the load is
 * {@link LoadGenerator}'s.
 */
final class AdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEAP_USED =
            Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE);
    private static final Pattern COMPILATION_MS =
            Pattern.compile("^jvm_compilation_time_ms_total\\{[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE);
    private static final Pattern ALLOCATED =
            Pattern.compile("^jvm_gc_memory_allocated_bytes_total(?:\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE);

    /** The stats endpoint's answer. */
    record Stats(
            long initialStock,
            long redisStock,
            long reservedUsers,
            long pendingOrders,
            long dbStock,
            long dbOrders,
            long dlqOrders) {}

    /** Thrown when the server answers something the bench cannot go on with. */
    static final class AdminException extends RuntimeException {
        AdminException(String message) {
            super(message);
        }
    }

    private final URI base;
    private final String adminToken;
    private final ServerCalls http = new ServerCalls();

    AdminApi(URI base, String adminToken) {
        this.base = base;
        this.adminToken = adminToken;
    }

    URI base() {
        return base;
    }

    /** Waits until {@code /health/ready} answers 200, or fails after {@code wait} (or at once when {@code alive} says the process is gone). */
    void awaitReady(Duration wait, java.util.function.BooleanSupplier alive, String what) {
        long deadline = System.nanoTime() + wait.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new AdminException(what + " exited before it was ready");
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(base.resolve("/health/ready")).GET());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        throw new AdminException(what + " was not ready within " + wait.toSeconds() + " s (last answer: " + last + ")");
    }

    /** Registers a seckill voucher on sale from an hour ago for a day; returns its id. */
    long registerVoucher(String title, int stock) {
        String body = "{\"shopId\":1,\"title\":\"" + title + "\",\"subTitle\":\"bench\",\"rules\":\"one per user\","
                + "\"payValue\":8000,\"actualValue\":10000,\"stock\":" + stock
                + ",\"beginTime\":\"" + OffsetDateTime.now(ZoneOffset.UTC).minusHours(1) + "\",\"endTime\":\""
                + OffsetDateTime.now(ZoneOffset.UTC).plusDays(1) + "\"}";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/voucher/seckill"))
                    .header("X-Admin-Token", adminToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            if (response.statusCode() != 200) {
                throw new AdminException(
                        "registering the voucher answered " + response.statusCode() + ": " + response.body());
            }
            return Long.parseLong(JSON.readTree(response.body()).path("data").asText());
        } catch (IOException e) {
            throw new AdminException("registering the voucher failed: " + e);
        }
    }

    /** The voucher's stats, or empty when the server does not answer them right now (e.g. during an outage). */
    Optional<Stats> stats(long voucherId) {
        try {
            HttpResponse<String> response =
                    http.send(HttpRequest.newBuilder(base.resolve("/voucher/seckill/" + voucherId + "/stats"))
                            .header("X-Admin-Token", adminToken)
                            .GET());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode data = JSON.readTree(response.body()).path("data");
            return Optional.of(new Stats(
                    data.path("initialStock").asLong(),
                    data.path("redisStock").asLong(),
                    data.path("reservedUsers").asLong(),
                    data.path("pendingOrders").asLong(),
                    data.path("dbStock").asLong(),
                    data.path("dbOrders").asLong(),
                    data.path("dlqOrders").asLong()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The server's heap in use now (sum of the heap pools in {@code /metrics}), or empty. */
    Optional<Long> heapUsedBytes() {
        return metricSum(HEAP_USED).map(Double::longValue);
    }

    /** The time the server's JIT compilers have spent so far, in ms (from {@code /metrics}), or empty. */
    Optional<Long> compilationMillis() {
        return metricSum(COMPILATION_MS).map(Double::longValue);
    }

    /**
     * The bytes the server has allocated so far, or empty: Micrometer adds what the young generation grew by at each
     * collection, so over a load of many collections the difference is exact but for one young generation's worth.
     */
    Optional<Long> allocatedBytes() {
        return metricSum(ALLOCATED).map(Double::longValue);
    }

    /** The server's {@code /metrics} page (Prometheus text), or empty when it does not answer. */
    Optional<String> metrics() {
        try {
            HttpResponse<String> response =
                    http.send(HttpRequest.newBuilder(base.resolve("/metrics")).GET());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<Double> metricSum(Pattern metric) {
        return metrics().flatMap(page -> {
            Matcher m = metric.matcher(page);
            double sum = 0;
            boolean any = false;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
                any = true;
            }
            return any ? Optional.of(sum) : Optional.empty();
        });
    }
}
