package dev.seckill.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real app over HTTP on the real Redis, Kafka and database. */
class SeckillEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningApp app;

    @BeforeAll
    static void start() {
        app = new RunningApp();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static String open() {
        return OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString();
    }

    private static String close() {
        return OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString();
    }

    @Test
    void aThousandUsersTwiceForAHundredUnits() {
        int stock = 100;
        int users = 1_000;
        String voucher = app.registerVoucher(stock, open(), close());
        List<String> tokens = app.tokens(10_000, users);

        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        List<String> askedBy = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            for (String token : tokens) {
                inFlight.acquireUninterruptibly();
                askedBy.add(token);
                answers.add(
                        app.sendAsync("POST", "/voucher-order/seckill/" + voucher, null, Map.of("authorization", token))
                                .whenComplete((response, error) -> inFlight.release()));
            }
        }

        Map<String, String> acceptedOrderByToken = new HashMap<>();
        Map<String, Integer> rejectedByCode = new HashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            HttpResponse<String> response = answers.get(i).join();
            JsonNode body = json(response);
            if (response.statusCode() == 200) {
                assertThat(acceptedOrderByToken.put(
                                askedBy.get(i), body.path("data").asText()))
                        .as("one order per user")
                        .isNull();
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
                rejectedByCode.merge(body.path("code").asText(), 1, Integer::sum);
            }
        }
        assertThat(acceptedOrderByToken).hasSize(stock);
        assertThat(rejectedByCode.keySet()).isSubsetOf("SOLD_OUT", "ALREADY_ORDERED");
        assertThat(rejectedByCode.values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(2 * users - stock);

        VoucherId voucherId = new VoucherId(Long.parseLong(voucher));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(app.seckill.ledger.orders(voucherId)).hasSize(stock));
        Map<UserId, OrderId> recorded = app.seckill.ledger.orders(voucherId);
        Set<String> recordedIds = new HashSet<>();
        recorded.values().forEach(id -> recordedIds.add(id.toString()));
        assertThat(recordedIds).containsExactlyInAnyOrderElementsOf(acceptedOrderByToken.values());

        HttpResponse<String> stats = app.send(
                "GET", "/voucher/seckill/" + voucher + "/stats", null, Map.of("X-Admin-Token", RunningApp.ADMIN_TOKEN));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode data = json(app.send(
                            "GET",
                            "/voucher/seckill/" + voucher + "/stats",
                            null,
                            Map.of("X-Admin-Token", RunningApp.ADMIN_TOKEN)))
                    .path("data");
            assertThat(data.path("pendingOrders").asLong()).isZero();
        });
        JsonNode data = json(app.send(
                        "GET",
                        "/voucher/seckill/" + voucher + "/stats",
                        null,
                        Map.of("X-Admin-Token", RunningApp.ADMIN_TOKEN)))
                .path("data");
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(data.path("initialStock").asLong()).isEqualTo(stock);
        assertThat(data.path("redisStock").asLong()).isZero();
        assertThat(data.path("dbStock").asLong()).isZero();
        assertThat(data.path("dbOrders").asLong()).isEqualTo(stock);
        assertThat(data.path("reservedUsers").asLong()).isEqualTo(stock);
        assertThat(data.path("dlqOrders").asLong()).isZero();
        assertThat(app.seckill.reservations.reservations(voucherId)).isEqualTo(recorded);

        String someToken = acceptedOrderByToken.keySet().iterator().next();
        JsonNode order = json(app.send(
                        "GET",
                        "/voucher-order/" + acceptedOrderByToken.get(someToken),
                        null,
                        Map.of("authorization", someToken)))
                .path("data");
        assertThat(order.path("status").asText()).isEqualTo("CREATED");
    }

    @Test
    void badRequestsGetTheirCodes() {
        String voucher = app.registerVoucher(5, open(), close());
        String token = app.tokens(50_000, 1).get(0);
        Map<String, String> auth = Map.of("authorization", token);

        assertCode(app.send("POST", "/voucher-order/seckill/" + voucher, null, Map.of()), 401, "UNAUTHORIZED");
        assertCode(
                app.send("POST", "/voucher-order/seckill/" + voucher, null, Map.of("authorization", "nobody")),
                401,
                "UNAUTHORIZED");
        for (String bad : List.of("abc", "0", "-1", "99999999999999999999")) {
            assertCode(app.send("POST", "/voucher-order/seckill/" + bad, null, auth), 400, "BAD_REQUEST");
        }
        assertCode(app.send("POST", "/voucher-order/seckill/987654321", null, auth), 404, "VOUCHER_NOT_FOUND");

        String later = app.registerVoucher(
                5,
                OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString(),
                OffsetDateTime.now(ZoneOffset.UTC).plusHours(2).toString());
        String over = app.registerVoucher(
                5,
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(2).toString(),
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString());
        assertCode(app.send("POST", "/voucher-order/seckill/" + later, null, auth), 409, "NOT_STARTED");
        assertCode(app.send("POST", "/voucher-order/seckill/" + over, null, auth), 409, "ENDED");
        assertThat(app.seckill
                        .useCases
                        .voucherStats()
                        .stats(new VoucherId(Long.parseLong(voucher)))
                        .orElseThrow()
                        .reservableStock())
                .isEqualTo(5);
    }

    private static void assertCode(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).path("code").asText()).isEqualTo(code);
    }
}
