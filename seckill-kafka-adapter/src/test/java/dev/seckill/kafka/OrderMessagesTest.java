package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderMessagesTest {

    private static final SeckillOrder ORDER = new SeckillOrder(
            new OrderId(Long.MAX_VALUE - 1),
            new UserId(1_010L),
            new VoucherId(12L),
            Instant.parse("2026-11-26T12:00:00.123Z"));

    private static final OrderMessages MESSAGES = new OrderMessages(SigningSettings.DEVELOPMENT);

    @Test
    void aFirstDeliveryHasTheSeedsFieldsWithIdsAsStringsAndItsSignature() throws Exception {
        String json = new String(MESSAGES.encode(OrderDelivery.first(ORDER)), StandardCharsets.UTF_8);

        assertThat(json)
                .startsWith("{\"orderId\":\"9223372036854775806\",\"userId\":\"1010\",\"voucherId\":\"12\","
                        + "\"createdAt\":\"2026-11-26T12:00:00.123Z\",\"retryCount\":0,\"nextRetryAt\":null,"
                        + "\"lastError\":null,\"keyId\":\"dev\",\"signature\":\"")
                .matches(".*\"signature\":\"[A-Za-z0-9_-]{43}\"}");
        assertThat(MESSAGES.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(OrderDelivery.first(ORDER));
    }

    @Test
    void aRetriedDeliveryKeepsItsCountDueTimeAndErrorAndItsSignatureHolds() throws Exception {
        OrderDelivery retried =
                OrderDelivery.first(ORDER).retried(Instant.parse("2026-11-26T12:00:02Z"), "deadlock, \"quoted\"");

        assertThat(MESSAGES.decode(MESSAGES.encode(retried))).isEqualTo(retried);
    }

    @Test
    void readsNumericIdsAndOffsetTimesAsTheSeedWroteThemButAnUnsignedMessageIsNoOrder() throws Exception {
        byte[] json = ("{\"orderId\":42,\"userId\":7,\"voucherId\":3,\"createdAt\":\"2026-11-26T20:00:00+08:00\","
                        + "\"retryCount\":2,\"nextRetryAt\":\"2026-11-26T12:00:05Z\",\"lastError\":\"x\",\"extra\":true}")
                .getBytes(StandardCharsets.UTF_8);

        OrderDelivery claimed = OrderMessages.claimed(json);

        assertThat(claimed.order())
                .isEqualTo(new SeckillOrder(
                        new OrderId(42), new UserId(7), new VoucherId(3), Instant.parse("2026-11-26T12:00:00Z")));
        assertThat(claimed.retryCount()).isEqualTo(2);
        assertThat(claimed.nextRetryAt()).isEqualTo(Instant.parse("2026-11-26T12:00:05Z"));
        assertThatThrownBy(() -> MESSAGES.decode(json))
                .isInstanceOf(OrderMessages.UnreadableMessageException.class)
                .hasMessage("not signed by the service (no signature)");
    }

    @Test
    void aMessageAlteredAfterSigningOrSignedWithAnotherKeyIsNoOrder() {
        String signed = new String(MESSAGES.encode(OrderDelivery.first(ORDER)), StandardCharsets.UTF_8);
        byte[] otherBuyer =
                signed.replace("\"userId\":\"1010\"", "\"userId\":\"1011\"").getBytes(StandardCharsets.UTF_8);
        byte[] otherKeyId =
                signed.replace("\"keyId\":\"dev\"", "\"keyId\":\"k9\"").getBytes(StandardCharsets.UTF_8);
        OrderMessages forger = new OrderMessages(new SigningSettings("dev", "x".repeat(40), List.of()));

        assertThatThrownBy(() -> MESSAGES.decode(otherBuyer))
                .hasMessage("not signed by the service (bad signature under key id 'dev')");
        assertThatThrownBy(() -> MESSAGES.decode(otherKeyId))
                .hasMessage("not signed by the service (unknown key id 'k9')");
        assertThatThrownBy(() -> MESSAGES.decode(forger.encode(OrderDelivery.first(ORDER))))
                .hasMessageContaining("bad signature");
    }

    @Test
    void aRotatedKeySignsWhileTheRetiredOneStillVerifies() throws Exception {
        String oldKey = "the-old-signing-key-of-the-service-0001";
        String newKey = "the-new-signing-key-of-the-service-0002";
        OrderMessages before = new OrderMessages(new SigningSettings("k1", oldKey, List.of()));
        OrderMessages after = new OrderMessages(new SigningSettings("k2", newKey, List.of("k1:" + oldKey)));
        OrderMessages later = new OrderMessages(new SigningSettings("k2", newKey, List.of()));
        byte[] signedBefore = before.encode(OrderDelivery.first(ORDER));

        assertThat(after.decode(signedBefore)).isEqualTo(OrderDelivery.first(ORDER));
        assertThat(new String(after.encode(OrderDelivery.first(ORDER)), StandardCharsets.UTF_8))
                .contains("\"keyId\":\"k2\"");
        assertThatThrownBy(() -> later.decode(signedBefore))
                .hasMessage("not signed by the service (unknown key id 'k1')");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[1,2]",
                "null",
                "{\"userId\":\"1\",\"voucherId\":\"2\",\"createdAt\":\"2026-11-26T12:00:00Z\"}",
                "{\"orderId\":\"-5\",\"userId\":\"1\",\"voucherId\":\"2\",\"createdAt\":\"2026-11-26T12:00:00Z\"}",
                "{\"orderId\":\"abc\",\"userId\":\"1\",\"voucherId\":\"2\",\"createdAt\":\"2026-11-26T12:00:00Z\"}",
                "{\"orderId\":\"1\",\"userId\":\"1\",\"voucherId\":\"2\",\"createdAt\":\"yesterday\"}",
                "{\"orderId\":\"1\",\"userId\":\"1\",\"voucherId\":\"2\",\"createdAt\":\"2026-11-26T12:00:00Z\",\"retryCount\":-1}"
            })
    void sayWhyAMessageIsNoOrder(String value) {
        assertThatThrownBy(() -> MESSAGES.decode(value.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OrderMessages.UnreadableMessageException.class)
                .hasMessageMatching("(empty|not an order|invalid order) message.*");
    }
}
