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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderMessagesTest {

    private static final SeckillOrder ORDER = new SeckillOrder(
            new OrderId(Long.MAX_VALUE - 1),
            new UserId(1_010L),
            new VoucherId(12L),
            Instant.parse("2026-11-26T12:00:00.123Z"));

    @Test
    void aFirstDeliveryHasTheSeedsFieldsWithIdsAsStrings() throws Exception {
        String json = new String(OrderMessages.encode(OrderDelivery.first(ORDER)), StandardCharsets.UTF_8);

        assertThat(json)
                .isEqualTo(
                        "{\"orderId\":\"9223372036854775806\",\"userId\":\"1010\",\"voucherId\":\"12\","
                                + "\"createdAt\":\"2026-11-26T12:00:00.123Z\",\"retryCount\":0,\"nextRetryAt\":null,\"lastError\":null}");
        assertThat(OrderMessages.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(OrderDelivery.first(ORDER));
    }

    @Test
    void aRetriedDeliveryKeepsItsCountDueTimeAndError() throws Exception {
        OrderDelivery retried =
                OrderDelivery.first(ORDER).retried(Instant.parse("2026-11-26T12:00:02Z"), "deadlock, \"quoted\"");

        assertThat(OrderMessages.decode(OrderMessages.encode(retried))).isEqualTo(retried);
    }

    @Test
    void readsNumericIdsAndOffsetTimesAsTheSeedWroteThem() throws Exception {
        String json = "{\"orderId\":42,\"userId\":7,\"voucherId\":3,\"createdAt\":\"2026-11-26T20:00:00+08:00\","
                + "\"retryCount\":2,\"nextRetryAt\":\"2026-11-26T12:00:05Z\",\"lastError\":\"x\",\"extra\":true}";

        OrderDelivery delivery = OrderMessages.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(delivery.order())
                .isEqualTo(new SeckillOrder(
                        new OrderId(42), new UserId(7), new VoucherId(3), Instant.parse("2026-11-26T12:00:00Z")));
        assertThat(delivery.retryCount()).isEqualTo(2);
        assertThat(delivery.nextRetryAt()).isEqualTo(Instant.parse("2026-11-26T12:00:05Z"));
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
        assertThatThrownBy(() -> OrderMessages.decode(value.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OrderMessages.UnreadableMessageException.class)
                .hasMessageMatching("(empty|not an order|invalid order) message.*");
    }
}
