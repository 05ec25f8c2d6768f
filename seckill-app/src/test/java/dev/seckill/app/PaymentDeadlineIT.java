package dev.seckill.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherStats;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pay, cancel and expiry over HTTP on the real services; an order expires also across a restart of the app. */
class PaymentDeadlineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(4);
    private static final Map<String, String> SHORT_DEADLINE =
            Map.of("SECKILL_ORDER_PAYMENT_TIMEOUT", TIMEOUT.toSeconds() + "s");

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static String buy(RunningApp app, String voucher, String token) {
        HttpResponse<String> answer =
                app.send("POST", "/voucher-order/seckill/" + voucher, null, Map.of("authorization", token));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer).path("data").asText();
    }

    private static JsonNode order(RunningApp app, String orderId, String token, String action) {
        return json(app.send(
                action == null ? "GET" : "POST",
                "/voucher-order/" + orderId + (action == null ? "" : "/" + action),
                null,
                Map.of("authorization", token)));
    }

    private static void awaitRecorded(RunningApp app, String orderId, String token) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !order(app, orderId, token, null)
                        .path("data")
                        .path("status")
                        .asText()
                        .equals("PENDING"));
    }

    @Test
    void anOrderRecordedLaterThanTheWholePaymentTimeoutCanStillBePaid() {
        // every write of an order fails three times: it is recorded after the retries' 1 + 2 + 4 s
        try (RunningApp app = new RunningApp(SHORT_DEADLINE, 3)) {
            String voucher = app.registerVoucher(
                    3,
                    OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString(),
                    OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString());
            String token = app.tokens(60_000, 1).get(0);
            Instant accepted = Instant.now();
            String order = buy(app, voucher, token);
            awaitRecorded(app, order, token);
            Instant recorded = Instant.now();
            JsonNode view = order(app, order, token, null).path("data");

            assertThat(Duration.between(accepted, recorded))
                    .as("recorded later than the whole payment timeout after its acceptance")
                    .isGreaterThan(TIMEOUT);
            assertThat(view.path("status").asText()).isEqualTo("CREATED");
            assertThat(Instant.parse(view.path("payDeadline").asText()))
                    .as("the window starts when the order is recorded")
                    .isAfter(accepted.plus(TIMEOUT.multipliedBy(2)));
            assertThat(order(app, order, token, "pay")
                            .path("data")
                            .path("status")
                            .asText())
                    .isEqualTo("PAID");
        }
    }

    @Test
    void paidStaysCancelledAndExpiredSellAgainAndAnExpiryWaitsForNoInstance() {
        String name;
        String voucher;
        List<String> tokens;
        String expiring;
        Instant deadline;
        try (RunningApp app = new RunningApp(SHORT_DEADLINE, 0)) {
            name = app.name;
            voucher = app.registerVoucher(
                    3,
                    OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString(),
                    OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString());
            tokens = app.tokens(50_000, 5);
            String paid = buy(app, voucher, tokens.get(0));
            String cancelled = buy(app, voucher, tokens.get(1));
            expiring = buy(app, voucher, tokens.get(2));
            for (int i = 0; i < 3; i++) {
                awaitRecorded(app, List.of(paid, cancelled, expiring).get(i), tokens.get(i));
            }
            deadline = Instant.parse(order(app, expiring, tokens.get(2), null)
                    .path("data")
                    .path("payDeadline")
                    .asText());

            JsonNode payment = order(app, paid, tokens.get(0), "pay");
            assertThat(payment.path("data").path("status").asText()).isEqualTo("PAID");
            JsonNode cancel = order(app, cancelled, tokens.get(1), "cancel");
            assertThat(cancel.path("data").path("status").asText()).isEqualTo("CANCELLED");
            assertThat(cancel.path("data").path("cancelReason").asText()).isEqualTo("BUYER");
            // the cancelled unit sells again, to another buyer
            String second = buy(app, voucher, tokens.get(3));
            awaitRecorded(app, second, tokens.get(3));
            assertThat(order(app, second, tokens.get(3), "pay")
                            .path("data")
                            .path("status")
                            .asText())
                    .isEqualTo("PAID");
        }

        // no instance runs while the third order's deadline passes: the next one to start expires it
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(deadline));
        try (RunningApp restarted = new RunningApp(name, SHORT_DEADLINE, 0)) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> order(restarted, expiring, tokens.get(2), null)
                            .path("data")
                            .path("status")
                            .asText()
                            .equals("CANCELLED"));
            JsonNode expired = order(restarted, expiring, tokens.get(2), null).path("data");
            assertThat(expired.path("cancelReason").asText()).isEqualTo("EXPIRED");
            assertThat(order(restarted, expiring, tokens.get(2), "pay")
                            .path("code")
                            .asText())
                    .isEqualTo("ORDER_EXPIRED");

            VoucherId id = new VoucherId(Long.parseLong(voucher));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> restarted
                                    .seckill
                                    .useCases
                                    .voucherStats()
                                    .stats(id)
                                    .orElseThrow()
                                    .reservableStock()
                            == 1);
            VoucherStats stats =
                    restarted.seckill.useCases.voucherStats().stats(id).orElseThrow();
            assertThat(stats.ledgerStock()).isEqualTo(1);
            assertThat(stats.recordedOrders()).isEqualTo(2);
            assertThat(stats.reservedUsers()).isEqualTo(2);
            // the expired unit is the last one: exactly one more buyer gets it
            String last = buy(restarted, voucher, tokens.get(4));
            awaitRecorded(restarted, last, tokens.get(4));
            assertThat(json(restarted.send(
                                    "POST",
                                    "/voucher-order/seckill/" + voucher,
                                    null,
                                    Map.of("authorization", tokens.get(2))))
                            .path("code")
                            .asText())
                    .isEqualTo("SOLD_OUT");
        }
    }
}
