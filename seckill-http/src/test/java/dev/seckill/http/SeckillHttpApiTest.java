package dev.seckill.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.UserSession;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.port.in.LookUpOrder;
import dev.seckill.domain.service.IdentifyUserService;
import dev.seckill.domain.testing.DomainFixture;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class SeckillHttpApiTest {

    private static final String ADMIN = "s3cret-admin";
    private static final String ALICE = "token-alice";
    private static final String BOB = "token-bob";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DomainFixture domain = new DomainFixture();
    private volatile boolean kafkaUp = true;
    private volatile boolean consumerRunning = true;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    SeckillHttpApiTest() {
        domain.sessions.saveAll(
                Map.of(
                        ALICE, new UserSession(new UserId(1), "alice", ""),
                        BOB, new UserSession(new UserId(2), "bob", "")),
                Duration.ofHours(1));
    }

    private SeckillHttpApi api(Optional<String> adminToken, LookUpOrder lookUp) {
        var settings =
                new SeckillHttpApi.Settings(new ServerSettings("127.0.0.1", 0, 8, 4_096, "Asia/Shanghai"), adminToken);
        var useCases = new SeckillHttpApi.UseCases(
                domain.placeOrder,
                lookUp,
                domain.pay,
                domain.cancel,
                domain.register,
                domain.stats,
                new IdentifyUserService(domain.sessions));
        return new SeckillHttpApi(
                settings,
                useCases,
                List.of(
                        new SeckillHttpApi.ReadinessCheck("redis", () -> true),
                        new SeckillHttpApi.ReadinessCheck("kafka", () -> kafkaUp),
                        new SeckillHttpApi.ReadinessCheck("order-consumer", () -> consumerRunning),
                        new SeckillHttpApi.ReadinessCheck("slow", () -> {
                            LockSupport.parkNanos(Duration.ofSeconds(3).toNanos());
                            return true;
                        })),
                meters,
                () -> "seckill_requests_total 1.0\n");
    }

    private SeckillHttpApi api() {
        return api(Optional.of(ADMIN), domain.lookUp);
    }

    private record Answer(int status, JsonNode body, Response response) {
        String code() {
            return body.path("code").asText();
        }
    }

    private static Answer call(HttpClient client, String method, String path, String body, Map<String, String> headers)
            throws IOException {
        Request.Builder request = new Request.Builder().url(client.getOrigin() + path);
        headers.forEach(request::header);
        okhttp3.RequestBody payload =
                body == null ? null : okhttp3.RequestBody.create(body, okhttp3.MediaType.get("application/json"));
        request.method(
                method, payload == null && method.equals("POST") ? okhttp3.RequestBody.create(new byte[0]) : payload);
        try (Response response = client.getOkHttp().newCall(request.build()).execute()) {
            String text = response.body().string();
            JsonNode parsed = text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
            return new Answer(response.code(), parsed, response);
        }
    }

    private static Answer buy(HttpClient client, String voucher, String token) throws IOException {
        return call(
                client,
                "POST",
                "/voucher-order/seckill/" + voucher,
                null,
                token == null ? Map.of() : Map.of("authorization", token));
    }

    private static void assertFailure(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
        assertThat(answer.body().path("success").asBoolean(true)).isFalse();
        assertThat(answer.code()).isEqualTo(code);
        assertThat(answer.body().path("errorMsg").asText()).isNotBlank();
        assertThat(answer.body().has("data")).isFalse();
    }

    @Test
    void acceptsAnOrderAndAnswersItsIdAsAString() {
        VoucherId voucher = domain.voucherOnSale(10);
        JavalinTest.test(api().javalin(), (server, client) -> {
            Answer answer = buy(client, voucher.toString(), ALICE);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().path("success").asBoolean()).isTrue();
            assertThat(answer.body().path("data").isTextual()).isTrue();
            assertThat(domain.publisher.published())
                    .extracting(o -> o.orderId().toString())
                    .containsExactly(answer.body().path("data").asText());
            assertThat(answer.response().header("X-Request-Id")).isNotBlank();
            assertThat(answer.body().has("code")).isFalse();
        });
    }

    @Test
    void mapsEveryRejection() {
        VoucherId voucher = domain.voucherOnSale(1);
        var now = domain.clock.instant();
        VoucherId later = domain.register.register(
                DomainFixture.newVoucher(5, new SaleWindow(now.plusSeconds(3600), now.plusSeconds(7200))));
        VoucherId over = domain.register.register(
                DomainFixture.newVoucher(5, new SaleWindow(now.minusSeconds(7200), now.minusSeconds(3600))));
        JavalinTest.test(api().javalin(), (server, client) -> {
            buy(client, voucher.toString(), ALICE);

            assertFailure(buy(client, voucher.toString(), ALICE), 409, "SOLD_OUT");
            assertFailure(buy(client, later.toString(), ALICE), 409, "NOT_STARTED");
            assertFailure(buy(client, over.toString(), ALICE), 409, "ENDED");
            assertFailure(buy(client, "987654321", ALICE), 404, "VOUCHER_NOT_FOUND");
        });
    }

    @Test
    void aSecondOrderOfTheSameUserIsRejectedWithTheOrderItHolds() {
        VoucherId voucher = domain.voucherOnSale(10);
        JavalinTest.test(api().javalin(), (server, client) -> {
            String first =
                    buy(client, voucher.toString(), ALICE).body().path("data").asText();
            Answer again = buy(client, voucher.toString(), ALICE);
            assertFailure(again, 409, "ALREADY_ORDERED");
            assertThat(again.body().path("orderId").asText())
                    .as("a buyer whose first answer was lost learns the order")
                    .isEqualTo(first);
            assertThat(again.body().path("data").isMissingNode()).isTrue();
        });
    }

    @Test
    void rejectsMissingAndUnknownTokens() {
        VoucherId voucher = domain.voucherOnSale(10);
        JavalinTest.test(api().javalin(), (server, client) -> {
            assertFailure(buy(client, voucher.toString(), null), 401, "UNAUTHORIZED");
            assertFailure(buy(client, voucher.toString(), "no-such-token"), 401, "UNAUTHORIZED");
            assertFailure(call(client, "GET", "/voucher-order/123", null, Map.of()), 401, "UNAUTHORIZED");
        });
        assertThat(domain.reservations.stats(voucher).orElseThrow().stock()).isEqualTo(10);
    }

    @Test
    void rejectsMalformedIdsAndChangesNothing() {
        VoucherId voucher = domain.voucherOnSale(10);
        JavalinTest.test(api().javalin(), (server, client) -> {
            for (String bad : List.of("abc", "0", "-1", "99999999999999999999", "1.5", "%20", "0x10")) {
                assertFailure(buy(client, bad, ALICE), 400, "BAD_REQUEST");
                assertFailure(
                        call(client, "GET", "/voucher-order/" + bad, null, Map.of("authorization", ALICE)),
                        400,
                        "BAD_REQUEST");
            }
            assertThat(buy(client, voucher.toString(), ALICE)
                            .body()
                            .path("errorMsg")
                            .asText())
                    .isEmpty();
        });
        assertThat(domain.publisher.published()).hasSize(1);
    }

    @Test
    void answers503WhenRedisIsDownAndHoldsNothing() {
        VoucherId voucher = domain.voucherOnSale(10);
        domain.reservations.down(true);
        JavalinTest.test(api().javalin(), (server, client) -> {
            assertFailure(buy(client, voucher.toString(), ALICE), 503, "UNAVAILABLE");
        });
        domain.reservations.down(false);
        assertThat(domain.reservations.stats(voucher).orElseThrow().stock()).isEqualTo(10);
    }

    @Test
    void showsAnOrderToItsOwnerOnly() {
        VoucherId voucher = domain.voucherOnSale(10);
        JavalinTest.test(api().javalin(), (server, client) -> {
            String orderId =
                    buy(client, voucher.toString(), ALICE).body().path("data").asText();

            Answer pending = call(client, "GET", "/voucher-order/" + orderId, null, Map.of("authorization", ALICE));
            assertThat(pending.status()).isEqualTo(200);
            assertThat(pending.body().path("data").path("status").asText()).isEqualTo("PENDING");
            assertThat(pending.body().path("data").path("voucherId").asText()).isEqualTo(voucher.toString());
            assertThat(pending.body().path("data").path("userId").asText()).isEqualTo("1");

            SeckillOrder order = domain.publisher.published().get(0);
            domain.recordOrders(0).record(List.of(OrderDelivery.first(order)));
            Answer created = call(client, "GET", "/voucher-order/" + orderId, null, Map.of("authorization", ALICE));
            assertThat(created.body().path("data").path("status").asText()).isEqualTo("CREATED");

            assertFailure(
                    call(client, "GET", "/voucher-order/" + orderId, null, Map.of("authorization", BOB)),
                    404,
                    "ORDER_NOT_FOUND");
            assertFailure(
                    call(client, "GET", "/voucher-order/424242", null, Map.of("authorization", ALICE)),
                    404,
                    "ORDER_NOT_FOUND");
        });
    }

    @Test
    void theOwnerPaysOrCancelsAndEveryStateThatForbidsItHasItsCode() {
        VoucherId voucher = domain.voucherOnSale(10);
        JavalinTest.test(api().javalin(), (server, client) -> {
            String paid =
                    buy(client, voucher.toString(), ALICE).body().path("data").asText();
            String cancelled =
                    buy(client, voucher.toString(), BOB).body().path("data").asText();
            assertFailure(
                    call(client, "POST", "/voucher-order/" + paid + "/pay", null, Map.of("authorization", ALICE)),
                    409,
                    "ORDER_PENDING");
            domain.recordOrders(0)
                    .record(domain.publisher.published().stream()
                            .map(OrderDelivery::first)
                            .toList());

            Answer payment =
                    call(client, "POST", "/voucher-order/" + paid + "/pay", null, Map.of("authorization", ALICE));
            assertThat(payment.status()).isEqualTo(200);
            assertThat(payment.body().path("data").path("status").asText()).isEqualTo("PAID");
            assertThat(payment.body().path("data").path("payDeadline").asText()).endsWith("Z");
            assertThat(call(client, "POST", "/voucher-order/" + paid + "/pay", null, Map.of("authorization", ALICE))
                            .status())
                    .isEqualTo(200);
            assertFailure(
                    call(client, "POST", "/voucher-order/" + paid + "/cancel", null, Map.of("authorization", ALICE)),
                    409,
                    "ORDER_PAID");
            assertFailure(
                    call(client, "POST", "/voucher-order/" + paid + "/pay", null, Map.of("authorization", BOB)),
                    404,
                    "ORDER_NOT_FOUND");

            Answer cancel =
                    call(client, "POST", "/voucher-order/" + cancelled + "/cancel", null, Map.of("authorization", BOB));
            assertThat(cancel.status()).isEqualTo(200);
            assertThat(cancel.body().path("data").path("status").asText()).isEqualTo("CANCELLED");
            assertThat(cancel.body().path("data").path("cancelReason").asText()).isEqualTo("BUYER");
            assertThat(call(
                                    client,
                                    "POST",
                                    "/voucher-order/" + cancelled + "/cancel",
                                    null,
                                    Map.of("authorization", BOB))
                            .body())
                    .isEqualTo(cancel.body());
            assertFailure(
                    call(client, "POST", "/voucher-order/" + cancelled + "/pay", null, Map.of("authorization", BOB)),
                    409,
                    "ORDER_CANCELLED");
            assertFailure(
                    call(client, "POST", "/voucher-order/abc/pay", null, Map.of("authorization", BOB)),
                    400,
                    "BAD_REQUEST");
            assertFailure(call(client, "POST", "/voucher-order/" + paid + "/pay", null, Map.of()), 401, "UNAUTHORIZED");
            assertThat(domain.payments.kept()).hasSize(1);
            assertThat(meters.get("seckill_order_changes_total")
                            .tag("change", "pay")
                            .tag("result", "paid")
                            .counter()
                            .count())
                    .isEqualTo(2);
            assertThat(meters.get("seckill_order_changes_total")
                            .tag("change", "cancel")
                            .tag("result", "order_paid")
                            .counter()
                            .count())
                    .isEqualTo(1);
        });
    }

    private static String voucherJson(String stock, String begin, String end) {
        return "{\"shopId\":1,\"title\":\"100 off\",\"subTitle\":\"weekend\",\"rules\":\"one each\",\"payValue\":8000,"
                + "\"actualValue\":10000,\"stock\":" + stock + ",\"beginTime\":\"" + begin + "\",\"endTime\":\"" + end
                + "\"}";
    }

    @Test
    void registersAVoucherAndShowsItsStats() {
        JavalinTest.test(api().javalin(), (server, client) -> {
            Answer created = call(
                    client,
                    "POST",
                    "/voucher/seckill",
                    voucherJson("100", "2026-11-26T12:00:00+08:00", "2026-11-26T23:00:00"),
                    Map.of("X-Admin-Token", ADMIN));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
            String id = created.body().path("data").asText();

            Answer stats =
                    call(client, "GET", "/voucher/seckill/" + id + "/stats", null, Map.of("X-Admin-Token", ADMIN));
            assertThat(stats.status()).isEqualTo(200);
            JsonNode data = stats.body().path("data");
            assertThat(data.path("voucherId").asText()).isEqualTo(id);
            for (String field : List.of("initialStock", "redisStock", "dbStock")) {
                assertThat(data.path(field).isNumber()).as(field).isTrue();
                assertThat(data.path(field).asLong()).as(field).isEqualTo(100);
            }
            for (String field : List.of("reservedUsers", "pendingOrders", "dbOrders", "dlqOrders")) {
                assertThat(data.path(field).asLong()).as(field).isZero();
            }
            var sale = domain.catalogue.find(new VoucherId(Long.parseLong(id))).orElseThrow();
            assertThat(sale.window().end().toString())
                    .as("a time without offset is read in the configured zone")
                    .isEqualTo("2026-11-26T15:00:00Z");

            assertFailure(
                    call(client, "GET", "/voucher/seckill/999999/stats", null, Map.of("X-Admin-Token", ADMIN)),
                    404,
                    "VOUCHER_NOT_FOUND");
            assertFailure(
                    call(client, "GET", "/voucher/seckill/abc/stats", null, Map.of("X-Admin-Token", ADMIN)),
                    400,
                    "BAD_REQUEST");
        });
    }

    @Test
    void rejectsBadVoucherBodiesNamingTheField() {
        String ok = voucherJson("100", "2026-11-26T12:00:00+08:00", "2026-11-26T13:00:00+08:00");
        Map<String, String> bad = Map.ofEntries(
                Map.entry(
                        voucherJson("10", "0999-11-26T12:00:00+08:00", "2026-11-26T12:00:00+08:00"),
                        "beginTime must lie between the years 1000 and 9999"),
                Map.entry(
                        voucherJson("10", "2026-11-26T12:00:00+08:00", "+10000-01-01T00:00:00Z"),
                        "endTime must lie between"),
                Map.entry(
                        voucherJson("10", "2026-11-26T12:00:00.000100+08:00", "2026-11-26T12:00:00.000900+08:00"),
                        "at least a millisecond after beginTime"),
                Map.entry(voucherJson("0", "2026-11-26T12:00:00+08:00", "2026-11-26T13:00:00+08:00"), "stock"),
                Map.entry(voucherJson("10", "2026-11-26T13:00:00+08:00", "2026-11-26T12:00:00+08:00"), "endTime"),
                Map.entry(voucherJson("10", "yesterday", "2026-11-26T12:00:00+08:00"), "beginTime"),
                Map.entry(ok.replace("\"title\":\"100 off\",", ""), "title"),
                Map.entry(ok.replace("\"stock\":100", "\"stock\":\"many\""), "stock"),
                Map.entry(ok.replace("\"stock\":100", "\"stock\":1.5"), "stock"),
                Map.entry(ok.replace("{", "{\"surprise\":1,"), "surprise"),
                Map.entry("{not json", "JSON"),
                Map.entry("[1,2]", "object"));
        JavalinTest.test(api().javalin(), (server, client) -> {
            bad.forEach((body, field) -> {
                try {
                    Answer answer = call(client, "POST", "/voucher/seckill", body, Map.of("X-Admin-Token", ADMIN));
                    assertFailure(answer, 400, "BAD_REQUEST");
                    assertThat(answer.body().path("errorMsg").asText()).as(body).contains(field);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            assertFailure(
                    call(
                            client,
                            "POST",
                            "/voucher/seckill",
                            "{\"title\":\"" + "x".repeat(5_000) + "\"}",
                            Map.of("X-Admin-Token", ADMIN)),
                    413,
                    "PAYLOAD_TOO_LARGE");
        });
        assertThat(domain.catalogue.salesEndingAfter(java.time.Instant.EPOCH)).isEmpty();
    }

    @Test
    void adminEndpointsNeedTheTokenAndAreClosedWithoutOne() {
        String body = voucherJson("100", "2026-11-26T12:00:00+08:00", "2026-11-26T13:00:00+08:00");
        JavalinTest.test(api().javalin(), (server, client) -> {
            assertFailure(call(client, "POST", "/voucher/seckill", body, Map.of()), 401, "UNAUTHORIZED");
            assertFailure(
                    call(client, "POST", "/voucher/seckill", body, Map.of("X-Admin-Token", ADMIN + "x")),
                    401,
                    "UNAUTHORIZED");
            assertFailure(
                    call(client, "GET", "/voucher/seckill/1/stats", null, Map.of("X-Admin-Token", "nope")),
                    401,
                    "UNAUTHORIZED");
        });
        JavalinTest.test(api(Optional.empty(), domain.lookUp).javalin(), (server, client) -> {
            Answer answer = call(client, "POST", "/voucher/seckill", body, Map.of("X-Admin-Token", ""));
            assertFailure(answer, 403, "FORBIDDEN");
            assertThat(answer.body().path("errorMsg").asText()).contains("SECKILL_ADMIN_TOKEN");
        });
        assertThat(domain.catalogue.salesEndingAfter(java.time.Instant.EPOCH)).isEmpty();
    }

    @Test
    void anUnexpectedErrorIs500WithARequestIdAndNoStackTrace() {
        LookUpOrder broken = (owner, orderId) -> {
            throw new IllegalStateException("boom at dev.seckill.Somewhere");
        };
        JavalinTest.test(api(Optional.of(ADMIN), broken).javalin(), (server, client) -> {
            Answer answer = call(
                    client, "GET", "/voucher-order/5", null, Map.of("authorization", ALICE, "X-Request-Id", "req-42"));

            assertFailure(answer, 500, "INTERNAL");
            assertThat(answer.response().header("X-Request-Id")).isEqualTo("req-42");
            assertThat(answer.body().toString())
                    .contains("req-42")
                    .doesNotContain("boom")
                    .doesNotContain("Exception");
        });
    }

    /** A readiness call, which must answer within ~100 ms whatever the checks are doing. */
    private static Answer timedCall(HttpClient client, String path) throws IOException {
        long started = System.nanoTime();
        Answer answer = call(client, "GET", path, null, Map.of());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        return answer;
    }

    @Test
    void healthMetricsAndUnknownEndpoints() {
        JavalinTest.test(api().javalin(), (server, client) -> {
            assertThat(call(client, "GET", "/health/live", null, Map.of()).status())
                    .isEqualTo(200);
            // the slow check blocks its own thread for 3 s at a time, never the request's
            Answer ready = await().atMost(Duration.ofSeconds(10))
                    .until(() -> timedCall(client, "/health/ready"), answer -> answer.status() == 200);
            assertThat(ready.body().path("data").path("kafka").asText()).isEqualTo("UP");

            kafkaUp = false;
            Answer notReady = await().atMost(Duration.ofSeconds(5))
                    .until(() -> timedCall(client, "/health/ready"), answer -> answer.status() == 503);
            assertFailure(notReady, 503, "UNAVAILABLE");
            assertThat(notReady.body().path("errorMsg").asText())
                    .contains("kafka")
                    .doesNotContain("redis");

            kafkaUp = true;
            consumerRunning = false;
            Answer loopDown = await().atMost(Duration.ofSeconds(5))
                    .until(
                            () -> timedCall(client, "/health/ready"),
                            answer -> answer.status() == 503
                                    && !answer.body().path("errorMsg").asText().contains("kafka"));
            assertThat(loopDown.body().path("errorMsg").asText()).contains("order-consumer");

            try (Response metrics = client.get("/metrics")) {
                assertThat(metrics.body().string()).contains("seckill_requests_total");
            }
            assertFailure(call(client, "GET", "/no/such/thing", null, Map.of()), 404, "NOT_FOUND");
        });
    }
}
