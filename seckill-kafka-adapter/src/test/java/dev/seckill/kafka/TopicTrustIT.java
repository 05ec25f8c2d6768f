package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.OrderDelivery;
import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.testing.RecordingAlerts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The records on the topics are trusted by their signature, not by what Redis holds: records the service did not sign
 * (unsigned, signed with another key, or altered after signing) never become orders and go to the dead-letter queue
 * at once, saying why, changing nothing; a record the service signed becomes an order even when Redis lost its
 * reservation (a failover), and Redis takes its unit back.
 */
class TopicTrustIT {

    private static final SigningSettings ANOTHER_KEY =
            new SigningSettings("dev", "a-key-the-service-does-not-hold-0123456789", List.of());

    @Test
    void onlyTheServicesSignedRecordsBecomeOrders() {
        try (OrderFlow flow = new OrderFlow();
                LogLines logs = new LogLines(KafkaOrderConsumer.class)) {
            VoucherId voucher = flow.voucher(20);
            OrderId real = flow.place(1, voucher);
            String topic = flow.kafka.topics().orders();
            String key = voucher.toString();
            SeckillOrder unsigned = new SeckillOrder(new OrderId(9_000_001L), new UserId(501), voucher, Instant.now());
            flow.produce(
                    topic,
                    key,
                    ("{\"orderId\":\"9000001\",\"userId\":\"501\",\"voucherId\":\"" + voucher + "\",\"createdAt\":\""
                                    + unsigned.createdAt() + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
            SeckillOrder otherKey = new SeckillOrder(new OrderId(9_000_002L), new UserId(502), voucher, Instant.now());
            flow.produce(topic, key, new OrderMessages(ANOTHER_KEY).encode(OrderDelivery.first(otherKey)));
            // a genuine record of the real buyer's order, altered to claim another buyer
            SeckillOrder genuine = new SeckillOrder(new OrderId(9_000_003L), new UserId(503), voucher, Instant.now());
            String altered = new String(
                            new OrderMessages(SigningSettings.DEVELOPMENT).encode(OrderDelivery.first(genuine)),
                            StandardCharsets.UTF_8)
                    .replace("\"userId\":\"503\"", "\"userId\":\"504\"");
            flow.produce(topic, key, altered.getBytes(StandardCharsets.UTF_8));
            // signed by the service, but Redis lost its reservation: a failover to a replica that never had it
            SeckillOrder lostReservation =
                    new SeckillOrder(new OrderId(9_000_004L), new UserId(505), voucher, Instant.now());
            flow.produce(
                    topic,
                    key,
                    new OrderMessages(SigningSettings.DEVELOPMENT).encode(OrderDelivery.first(lostReservation)));
            flow.consumer(flow.recordOrders(0, new RecordingAlerts()));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> flow.deadLetters().size() == 3);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> flow.status(real) == OrderStatus.CREATED
                            && flow.status(lostReservation.orderId()) == OrderStatus.CREATED);

            List<DeadLetterQueue.Entry> deadLetters = flow.deadLetters();
            assertThat(deadLetters).allSatisfy(entry -> {
                assertThat(entry.errorMessage()).contains("not signed by the service");
                assertThat(entry.delivery()).as("never replayable").isEmpty();
                assertThat(entry.attempts()).as("no retries for it").isEqualTo(1);
            });
            assertThat(deadLetters)
                    .extracting(DeadLetterQueue.Entry::errorMessage)
                    .anyMatch(error -> error.contains("no signature"))
                    .anyMatch(error -> error.contains("bad signature"));
            assertThat(flow.recordedOrders(voucher)).containsOnlyKeys(new UserId(1), new UserId(505));
            assertThat(flow.ledgerStats(voucher).stock())
                    .isEqualTo(18)
                    .isEqualTo(flow.redisStats(voucher).stock());
            assertThat(flow.reservations.reservations(voucher)).isEqualTo(flow.recordedOrders(voucher));
            assertThat(logs.containing("publish to dlq")).hasSize(3);
        }
    }
}
