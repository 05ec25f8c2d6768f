package dev.seckill.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.OrderStatus;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.testing.RecordingAlerts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoisonMessageIT {

    @Test
    void anUnreadableMessageGoesToTheDeadLetterQueueAtOnceAndItsPartitionKeepsFlowing() {
        try (OrderFlow flow = new OrderFlow();
                LogLines logs = new LogLines(KafkaOrderConsumer.class)) {
            VoucherId voucher = flow.voucher(10);
            OrderId before = flow.place(1, voucher);
            // same key as the voucher's orders, so the same partition, between two good orders
            flow.produce(
                    flow.kafka.topics().orders(),
                    voucher.toString(),
                    "{\"orderId\": oops".getBytes(StandardCharsets.UTF_8));
            OrderId after = flow.place(2, voucher);
            flow.consumer(flow.recordOrders(0, new RecordingAlerts()));

            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            flow.status(before) == OrderStatus.CREATED && flow.status(after) == OrderStatus.CREATED);
            List<DeadLetterQueue.Entry> deadLetters = flow.deadLetters();
            assertThat(deadLetters).hasSize(1);
            DeadLetterQueue.Entry poison = deadLetters.get(0);
            assertThat(poison.delivery()).isEmpty();
            assertThat(poison.value()).isEqualTo("{\"orderId\": oops");
            assertThat(poison.key()).isEqualTo(voucher.toString());
            assertThat(poison.originalTopic()).isEqualTo(flow.kafka.topics().orders());
            assertThat(poison.attempts()).isEqualTo(1);
            assertThat(poison.errorClass()).startsWith("com.fasterxml.jackson");
            assertThat(poison.errorMessage()).startsWith("not an order message");
            assertThat(flow.counter("seckill.orders.retries")).isZero();
            assertThat(logs.containing("publish to dlq", "orderId=unknown", "voucherId=" + voucher, "retryCount="))
                    .hasSize(1);
            assertThat(flow.deadLetterQueue.replay(java.util.Optional.empty())).isEmpty();
        }
    }
}
