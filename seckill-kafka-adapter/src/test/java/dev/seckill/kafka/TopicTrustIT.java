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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Well-formed order messages that no accepted request wrote (someone with write access to the
 * topic): none becomes an order; each goes to the dead-letter queue saying why, and Redis and the
 * database still agree.
 */
class TopicTrustIT {

    @Test
    void anOrderMessageNoReservationBacksNeverBecomesAnOrder() {
        try (OrderFlow flow = new OrderFlow();
                LogLines logs = new LogLines(KafkaOrderConsumer.class)) {
            VoucherId voucher = flow.voucher(20);
            OrderId real = flow.place(1, voucher);
            int partitions = flow.kafka.topics().ordersPartitions();
            for (int partition = 0; partition < partitions; partition++) {
                SeckillOrder forged = new SeckillOrder(
                        new OrderId(9_000_000L + partition), new UserId(500 + partition), voucher, Instant.now());
                flow.produce(
                        flow.kafka.topics().orders(),
                        partition,
                        voucher.toString(),
                        OrderMessages.encode(OrderDelivery.first(forged)));
            }
            // and one claiming the real buyer with another order id
            SeckillOrder overTheBuyer =
                    new SeckillOrder(new OrderId(9_100_000L), new UserId(1), voucher, Instant.now());
            flow.produce(
                    flow.kafka.topics().orders(),
                    voucher.toString(),
                    OrderMessages.encode(OrderDelivery.first(overTheBuyer)));
            flow.consumer(flow.recordOrders(0, new RecordingAlerts()));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> flow.deadLetters().size() == partitions + 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> flow.status(real) == OrderStatus.CREATED);

            List<DeadLetterQueue.Entry> deadLetters = flow.deadLetters();
            assertThat(deadLetters).allSatisfy(entry -> {
                assertThat(entry.errorMessage()).contains("no reservation backs this order");
                assertThat(entry.attempts()).as("no retries for it").isEqualTo(1);
            });
            assertThat(flow.recordedOrders(voucher)).containsOnlyKeys(new UserId(1));
            assertThat(flow.ledgerStats(voucher).stock())
                    .isEqualTo(19)
                    .isEqualTo(flow.redisStats(voucher).stock());
            assertThat(flow.reservations.reservations(voucher)).isEqualTo(flow.recordedOrders(voucher));
            assertThat(logs.containing("publish to dlq", "orderId=9100000")).hasSize(1);
        }
    }
}
